import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import { type ApplicationConfig, inject, provideAppInitializer, provideBrowserGlobalErrorListeners } from '@angular/core';
import { TitleStrategy, provideRouter, withComponentInputBinding } from '@angular/router';
import { appRoutes } from './app.routes';
import { authInterceptor } from './auth/auth.interceptor';
import { AuthService } from './auth/auth.service';
import { TranslatedTitleStrategy } from './i18n/translated-title.strategy';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(appRoutes, withComponentInputBinding()),
    provideHttpClient(withFetch(), withInterceptors([authInterceptor])),
    { provide: TitleStrategy, useClass: TranslatedTitleStrategy },
    // Who the token belongs to is asked at once, not waited for here: the answer comes while the
    // first screen's code loads, and the guard (which does wait) finds it there.
    provideAppInitializer(() => {
      const auth = inject(AuthService);
      if (auth.token()) auth.loadCurrentUser().catch(() => undefined);
    }),
  ],
};

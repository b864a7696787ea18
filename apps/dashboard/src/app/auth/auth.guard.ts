import { inject } from '@angular/core';
import { type CanActivateFn, Router, type UrlTree } from '@angular/router';
import { AuthService } from './auth.service';

/** The app's screens: signed in, with the current user loaded, or off to the login page. */
export const authGuard: CanActivateFn = async (_route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  if (!auth.token()) return loginUrlTree(router, state.url);
  try {
    await auth.loadCurrentUser();
    return true;
  } catch {
    return loginUrlTree(router, state.url);
  }
};

/** The login page: someone already signed in goes straight to their sites. */
export const guestGuard: CanActivateFn = async () => {
  const auth = inject(AuthService);
  const router = inject(Router);
  if (!auth.token()) return true;
  try {
    await auth.loadCurrentUser();
    return router.parseUrl('/sites');
  } catch {
    return true;
  }
};

/** /login, remembering where to come back to unless that is the start page or login itself. */
export function loginUrlTree(router: Router, returnUrl: string): UrlTree {
  const worthKeeping = returnUrl !== '/' && !returnUrl.startsWith('/login');
  return router.createUrlTree(['/login'], worthKeeping ? { queryParams: { returnUrl } } : {});
}

/** Only a path inside the app: an absolute or protocol-relative returnUrl would be an open redirect. */
export function safeReturnUrl(returnUrl: string | undefined): string {
  return returnUrl?.startsWith('/') && !returnUrl.startsWith('//') && !returnUrl.startsWith('/\\') ? returnUrl : '/sites';
}

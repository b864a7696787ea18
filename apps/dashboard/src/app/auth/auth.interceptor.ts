import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { AuthService } from './auth.service';
import { loginUrlTree } from './auth.guard';

const LOGIN_PATH = '/api/auth/login';

/**
 * Sends the token with every /api request but login, and on a 401 to such a request ends the
 * session on this device and goes to the login page (the token expired or was revoked).
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  const token = isApiUrl(request.url) && request.url !== LOGIN_PATH ? auth.token() : null;
  if (!token) return next(request);

  return next(request.clone({ setHeaders: { Authorization: `Bearer ${token}` } })).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && error.status === 401) {
        auth.clearSession();
        // While a guard waits on this request the router has not moved yet: return to where it was going.
        const target = router.currentNavigation()?.extractedUrl.toString() ?? router.url;
        void router.navigateByUrl(loginUrlTree(router, target));
      }
      return throwError(() => error);
    }),
  );
};

function isApiUrl(url: string): boolean {
  return url.startsWith('/api/');
}

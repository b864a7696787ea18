import type { Routes } from '@angular/router';
import { authGuard, guestGuard } from './auth/auth.guard';

// Every screen is lazy: the initial bundle is the router, HTTP and auth only (see appRoutes below).
export const routes: Routes = [
  {
    path: 'login',
    canActivate: [guestGuard],
    loadChildren: () => import('./login/login.routes'),
  },
  {
    path: '',
    canActivate: [authGuard],
    loadComponent: () => import('./shell/shell.component').then((m) => m.ShellComponent),
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'sites' },
      // Before 'sites', whose single '' child would otherwise be tried for /sites/<domain> first.
      { path: 'sites/:domain', loadChildren: () => import('./site/site.routes') },
      { path: 'sites', loadChildren: () => import('./sites/sites.routes') },
    ],
  },
  { path: '**', redirectTo: '' },
];

/**
 * What the router is given: the screens above under the language runtime (Transloco and the chosen
 * language's shared strings), a lazy chunk of its own so the initial bundle stays small.
 */
export const appRoutes: Routes = [{ path: '', loadChildren: () => import('./i18n/i18n.routes') }];

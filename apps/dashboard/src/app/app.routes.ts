import type { Routes } from '@angular/router';
import { authGuard, guestGuard } from './auth/auth.guard';

// Every screen is lazy: the initial bundle is the router, HTTP and auth only.
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

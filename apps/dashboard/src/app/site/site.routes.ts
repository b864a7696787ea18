import type { Routes } from '@angular/router';
import { SiteComponent } from './site.component';

export default [
  {
    path: '',
    component: SiteComponent,
    children: [
      { path: '', loadComponent: () => import('../overview/overview.component').then((m) => m.OverviewComponent), title: 'Overview · Cairn' },
      { path: 'funnels', loadComponent: () => import('../funnels/funnels.component').then((m) => m.FunnelsComponent), title: 'Funnels · Cairn' },
    ],
  },
] satisfies Routes;

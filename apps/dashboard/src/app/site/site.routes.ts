import type { Routes } from '@angular/router';
import { SiteComponent } from './site.component';

export default [
  {
    path: '',
    component: SiteComponent,
    children: [
      { path: '', loadComponent: () => import('../overview/overview.component').then((m) => m.OverviewComponent), title: 'Overview · Cairn' },
      { path: 'live', loadComponent: () => import('../live/live.component').then((m) => m.LiveComponent), title: 'Live · Cairn' },
      { path: 'funnels', loadComponent: () => import('../funnels/funnels.component').then((m) => m.FunnelsComponent), title: 'Funnels · Cairn' },
    ],
  },
] satisfies Routes;

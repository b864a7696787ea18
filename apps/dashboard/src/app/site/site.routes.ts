import type { Routes } from '@angular/router';
import { OverviewComponent } from '../overview/overview.component';
import { SiteComponent } from './site.component';

export default [
  {
    path: '',
    component: SiteComponent,
    children: [
      // In this chunk rather than one of its own: a site opens on its overview, and each further
      // chunk is another round trip before the numbers can be asked for.
      { path: '', component: OverviewComponent, title: 'overview.title' },
      { path: 'live', loadComponent: () => import('../live/live.component').then((m) => m.LiveComponent), title: 'live.title' },
      { path: 'goals', loadComponent: () => import('../goals/goals.component').then((m) => m.GoalsComponent), title: 'goals.title' },
      { path: 'funnels', loadComponent: () => import('../funnels/funnels.component').then((m) => m.FunnelsComponent), title: 'funnels.title' },
    ],
  },
] satisfies Routes;

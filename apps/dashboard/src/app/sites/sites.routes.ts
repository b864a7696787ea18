import type { Routes } from '@angular/router';
import { SitesComponent } from './sites.component';

export default [{ path: '', component: SitesComponent, title: 'sites.title' }] satisfies Routes;

export { GeoModule } from './geo.module.js';
export { GeoService, bundledCountryDatabase, type GeoLocation, type GeoOptions } from './geo.service.js';

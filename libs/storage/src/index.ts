export { parseDatabaseUrl, type DatabaseTarget } from './database-url.js';
export { dataSourceOptions, openDatabase, ENTITIES, MIGRATIONS } from './data-source-options.js';
export { StorageModule, DATABASE_TARGET, type StorageOptions } from './storage.module.js';
export { UserEntity, type UserRole } from './entities/user.entity.js';
export { AuthTokenEntity, type AuthTokenKind } from './entities/auth-token.entity.js';
export { SiteEntity } from './entities/site.entity.js';

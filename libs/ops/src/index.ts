export { listSites, listUsers, NoSuchUser, resetPassword, type PasswordReset, type SiteListing, type UserListing } from './accounts-admin.js';
export { BackupRefused, backupSqlite, pgDumpCommand, verifySqliteCopy, type BackupReport } from './backup.js';
export { formatBytes, runDoctor, type Check, type CheckStatus, type DoctorInput } from './doctor.js';

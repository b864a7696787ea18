import { pgDumpCommand } from './backup.js';

describe(pgDumpCommand.name, () => {
  it('leaves the password out of the line and says so', () => {
    expect(pgDumpCommand({ engine: 'postgres', url: 'postgres://cairn:s3cret@db.internal:5432/cairn' }, '/backups/cairn.dump')).toEqual({
      command: 'pg_dump --format=custom --no-owner --file=/backups/cairn.dump postgres://cairn@db.internal:5432/cairn',
      passwordLeftOut: true,
    });
  });

  it('quotes what the shell would split or expand', () => {
    const { command, passwordLeftOut } = pgDumpCommand({ engine: 'postgres', url: 'postgres://cairn@db/cairn?sslmode=require' }, "/backups/it's here.dump");
    expect(command).toBe(`pg_dump --format=custom --no-owner --file='/backups/it'\\''s here.dump' 'postgres://cairn@db/cairn?sslmode=require'`);
    expect(passwordLeftOut).toBe(false);
  });
});

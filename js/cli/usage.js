// The help texts of the command line (`--help`), one per command.

const COMMON = `Common options:
  --api-version V       2026-03 (default), 2026-09 or v4
  --base-url URL        send requests to URL instead of https://api.hubapi.com (a proxy, the mock server)
  --token-file F        read the access token from F (default: the HUBSPOT_TOKEN environment variable;
                        the token is never printed, nor written to any file)
  --emulator            a dry run on the embedded HubSpot emulator: validates everything and counts
                        the requests; nothing leaves this machine
  --progress MODE       auto (default: a live line on a terminal, else a summary), json (NDJSON events
                        on standard error) or none
  -h, --help            this help
  --version             the package's version`;

const EXIT_CODES = `Exit codes: 0 everything succeeded; 1 some inputs failed (in the --failed file, or listed on
standard error); 2 usage error or invalid input (nothing was sent); 130 interrupted (Ctrl-C).`;

const COLUMNS = `Input: FILE, or - for standard input. CSV with a header row, or NDJSON (one JSON object per line)
with the same keys, matched case-insensitively; other columns are ignored (a reason column too,
so a --failed file is valid input):`;

const BULK_OPTIONS = (rows) => `Options:
  --journal F           record each finished chunk in F. After Ctrl-C (or SIGTERM: requests in flight
                        finish, then exit 130), run the same command with the same F to resume: chunks
                        already done are skipped, none is sent twice
  --failed F            write every ${rows} that did not succeed to F, in the input's format, with a
                        reason column; the same command retries exactly those when given F as input
  --format csv|ndjson   the input's format (default: from the file name, else from its first bytes)
  --batch-size N        ${rows}s per request (default %BATCH%)
  --concurrency N       requests in flight at once (default 4)
  --max-retries N       retries after a 429, a 5xx, a timeout or a network failure (default 3)`;

const VALIDATION = `Every row is checked before anything is sent. If any is invalid, each is listed on standard
error with its line number and reason, nothing is sent and the exit code is 2.`;

/** Help texts by command (`labels` and `limits` cover their actions). */
export const USAGE = {
  main: `Usage: hubspot-associations <command> [options]

Bulk work on HubSpot CRM associations from CSV or NDJSON files, with progress, resume and a file
of failed rows. Data goes to standard output, progress and messages to standard error.

Commands:
  associate FILE|-              associate each row's pair (the default type, or the row's type or label)
  remove FILE|-                 remove every association between each row's pair (batch archive)
  unlabel FILE|-                remove the row's label or type from each pair (batch labels archive)
  export FILE|- --to TYPE       every association of each record (fromObjectType,fromObjectId) to TYPE
  labels list|create|update|delete FROM TO    the association labels between two object types
  limits list|set|purge [FROM TO]             association limits

Input columns: fromObjectType,fromObjectId,toObjectType,toObjectId[,associationTypeId,associationCategory,label]

${COMMON}

Run 'hubspot-associations <command> --help' for a command's columns and options.

${EXIT_CODES}
`,
  associate: `Usage: hubspot-associations associate FILE|- [options]

Associates the two records of each row. A row with a label, or an associationTypeId (with or
without its associationCategory), gets that type; a row with neither gets the default
association. Labels are resolved to type ids with listLabels, once per object-type pair. Rows are
grouped by object-type pair and sent in batches (batch/associate/default, or batch/create).

${COLUMNS}
  fromObjectType,fromObjectId,toObjectType,toObjectId   required (ids are digits)
  associationTypeId,associationCategory,label           optional

${VALIDATION}

${BULK_OPTIONS("row").replace("%BATCH%", "100")}

${COMMON}

${EXIT_CODES}
`,
  remove: `Usage: hubspot-associations remove FILE|- [options]

Removes every association between the two records of each row (batch/archive). Type and label
columns are ignored: to remove one label only, use unlabel.

${COLUMNS}
  fromObjectType,fromObjectId,toObjectType,toObjectId   required

${VALIDATION}

${BULK_OPTIONS("row").replace("%BATCH%", "100")}

${COMMON}

${EXIT_CODES}
`,
  unlabel: `Usage: hubspot-associations unlabel FILE|- [options]

Removes one association type from the two records of each row (batch/labels/archive): the type
named by the row's label, or its associationTypeId (with or without associationCategory).

${COLUMNS}
  fromObjectType,fromObjectId,toObjectType,toObjectId   required
  label, or associationTypeId[,associationCategory]     required

${VALIDATION}

${BULK_OPTIONS("row").replace("%BATCH%", "100")}

${COMMON}

${EXIT_CODES}
`,
  export: `Usage: hubspot-associations export FILE|- --to TYPE [options]

Writes every association of each input record to the object type TYPE, one row per association
type: fromObjectType,fromObjectId,toObjectType,toObjectId,associationTypeId,associationCategory,label
(valid input for associate, remove and unlabel). Records are read in batches (batch/read) and
every page of each record is followed. A record with no associations writes no row.

${COLUMNS}
  fromObjectType,fromObjectId                           required

${VALIDATION}

Options:
  --to TYPE             the object type of the associations to export (required)
  --out F               write to F instead of standard output; its format follows its name
                        (.csv, .ndjson or .jsonl), else the input's
${BULK_OPTIONS("record").replace("%BATCH%", "1000").replace(/^Options:\n/, "")}

${COMMON}

${EXIT_CODES}
`,
  labels: `Usage: hubspot-associations labels <action> FROM TO [options]

The association labels (types) from object type FROM to object type TO.

Actions:
  list FROM TO                                  every type: category,typeId,label
  create FROM TO --label L --name N [--inverse-label L]   a new label; prints its type(s)
  update FROM TO --type-id N --label L [--inverse-label L] rename a label
  delete FROM TO --type-id N                    delete a label

Options:
  --out F               write the data to F instead of standard output
  --format csv|ndjson   the data's format (default: from --out's name, else csv)

${COMMON}

${EXIT_CODES}
`,
  limits: `Usage: hubspot-associations limits <action> [FROM TO] [options]

Association limits: how many records of TO one record of FROM may be associated with, per type.

Actions:
  list [FROM TO]                                every limit (of the pair, or of the account):
                                                category,typeId,label,maxToObjectIds
  set FROM TO --type-id N --max N [--category C]   create or update the limit of a type
  purge FROM TO --type-id N [--category C]      remove the limit of a type

Options:
  --out F               write the data to F instead of standard output
  --format csv|ndjson   the data's format (default: from --out's name, else csv)

${COMMON}

${EXIT_CODES}
`,
};

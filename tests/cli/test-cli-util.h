/* test-cli-util.h
 * Copyright 2026 The LuminaOps Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the real `lumina` binary against temporary workspaces.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What one run of the CLI printed and how it ended. */
typedef struct
{
  int   status;   /* exit status, or -1 when killed by a signal */
  char *out;
  char *err;
} CliResult;

/* One temporary directory per test: @ws is a workspace path inside it
 * (not created), @xdg becomes XDG_DATA_HOME so the default workspace never
 * lands in the real home. */
typedef struct
{
  char *tmpdir;
  char *ws;
  char *xdg;
} CliFixture;

typedef void (*CliTestFunc) (CliFixture    *fixture,
                             gconstpointer  data);

void       cli_add_test         (const char          *path,
                                 CliTestFunc          func);
void       test_cli_add_workspace_tests (void);
void       test_cli_add_audit_tests     (void);
void       test_cli_add_data_tests      (void);

void       cli_fixture_setup    (CliFixture          *fixture,
                                 gconstpointer        data);
void       cli_fixture_teardown (CliFixture          *fixture,
                                 gconstpointer        data);

/* @env holds "NAME=VALUE" to set and "NAME" to unset; may be NULL. */
CliResult *cli_runv             (CliFixture          *fixture,
                                 const char * const  *env,
                                 const char * const  *args);
CliResult *cli_run              (CliFixture          *fixture,
                                 const char          *first_arg,
                                 ...) G_GNUC_NULL_TERMINATED;
void       cli_result_free      (CliResult           *result);
/* The `lumina` binary under test. */
const char *cli_binary_path     (void);
JsonNode  *cli_result_parse_json (CliResult          *result);

void       cli_assert_exit      (CliResult           *result,
                                 int                  status);
void       cli_assert_one_line_error (CliResult      *result);
void       cli_init_workspace   (CliFixture          *fixture);
void       cli_exec_sql         (const char          *db_path,
                                 const char          *sql);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliResult, cli_result_free)

G_END_DECLS

// Counts the SQL statements a process runs, by text, through LD_PRELOAD (scripts/sql-census.sh).
// Each SIGUSR2 starts the next phase (setup, rush, after); a thread rewrites
// $SQL_CENSUS_OUT.<pid> soon after each phase change, as lines "phase<TAB>count<TAB>sql".
// Statements are counted once per execution (a step on a statement not yet under way), so a
// query that returns many rows counts once; trigger programs run inside their statement.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { SLOTS = 4096, PHASES = 8 };

struct slot {
    char *text;
    uint64_t hash;
    long count[PHASES];
};

static struct slot table[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int phase;
static int (*real_step)(sqlite3_stmt *);

static uint64_t fnv(const char *text) {
    uint64_t hash = 1469598103934665603ull;
    for (; *text; text++) hash = (hash ^ (unsigned char)*text) * 1099511628211ull;
    return hash;
}

static void record(const char *text) {
    if (!text) return;
    uint64_t hash = fnv(text);
    int now = atomic_load(&phase);
    if (now >= PHASES) now = PHASES - 1;
    pthread_mutex_lock(&lock);
    for (size_t probe = 0; probe < SLOTS; probe++) {
        struct slot *slot = &table[(hash + probe) % SLOTS];
        if (!slot->text) {
            slot->text = strdup(text);
            slot->hash = hash;
        } else if (slot->hash != hash || strcmp(slot->text, text) != 0) {
            continue;
        }
        slot->count[now]++;
        break;
    }
    pthread_mutex_unlock(&lock);
}

int sqlite3_step(sqlite3_stmt *statement) {
    if (!sqlite3_stmt_busy(statement)) record(sqlite3_sql(statement));
    return real_step(statement);
}

static void dump(const char *path) {
    char temporary[4096];
    snprintf(temporary, sizeof temporary, "%s.tmp", path);
    FILE *file = fopen(temporary, "w");
    if (!file) return;
    pthread_mutex_lock(&lock);
    for (size_t index = 0; index < SLOTS; index++) {
        if (!table[index].text) continue;
        for (int which = 0; which < PHASES; which++) {
            if (!table[index].count[which]) continue;
            fprintf(file, "%d\t%ld\t", which, table[index].count[which]);
            for (const char *c = table[index].text; *c; c++) fputc(*c == '\n' || *c == '\t' ? ' ' : *c, file);
            fputc('\n', file);
        }
    }
    pthread_mutex_unlock(&lock);
    fclose(file);
    rename(temporary, path);
}

static void *dumper(void *unused) {
    (void)unused;
    char path[4096];
    const char *base = getenv("SQL_CENSUS_OUT");
    snprintf(path, sizeof path, "%s.%d", base ? base : "/tmp/sql-census", (int)getpid());
    int dumped = -1;
    for (;;) {
        usleep(50 * 1000);
        int now = atomic_load(&phase);
        if (now != dumped) {
            dump(path);
            dumped = now;
        }
    }
    return NULL;
}

static void next_phase(int signal_number) {
    (void)signal_number;
    atomic_fetch_add(&phase, 1);
}

__attribute__((constructor)) static void start(void) {
    real_step = (int (*)(sqlite3_stmt *))dlsym(RTLD_NEXT, "sqlite3_step");
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = next_phase;
    action.sa_flags = SA_RESTART;
    sigaction(SIGUSR2, &action, NULL);
    pthread_t thread;
    pthread_create(&thread, NULL, dumper, NULL);
    pthread_detach(thread);
}

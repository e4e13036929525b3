// Class-ready offline (#35): "Make available offline…" stores what the build's offline.json lists (the
// app, both languages, the fonts, the bundled models, …) in the service worker's cache, the groups a
// person chose; and whether the browser is offline now (the top bar's badge). CPU only: the browser is
// reached through src/platform (offline.cpp).
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/offline.h"

namespace vitvis {

struct App;

struct OfflineUse {
  enum class Phase { Idle, Reading, Ready, Storing, Failed };
  Phase phase = Phase::Idle;
  std::string error;        // Failed: why the list or the service worker is not there (the browser's words)
  bool worker = false;      // a service worker answered
  OfflineManifest manifest;
  std::set<std::string> stored;   // offline.json's files in the cache now
  std::vector<bool> chosen;       // per manifest group (a required one is always stored)
  std::set<std::string> hub_left_out;  // downloaded hub models (their prefix) not counted in
  double usage = -1, quota = -1;  // the browser's storage estimate (-1: it does not say)
  bool persisted = false;         // storage marked persistent (not evicted under pressure)
  // The last store (Storing: the one in progress).
  struct Run {
    bool started = false, ended = false, cancelled = false, quota_full = false;
    double total = 0, done = 0, file_received = 0;  // bytes: to fetch, fetched (whole files), of the current file
    int files = 0, files_done = 0;
    std::vector<std::string> failures;  // "path: why"
    std::string error;                  // a failure of the whole run (no worker)
  } run;
  bool online = true;            // navigator.onLine, set by the shell each frame
  bool asked_while_offline = false;  // what is stored was asked for since the browser went offline
  int serial = 0;                // answers of an earlier refresh are dropped
};

// Reads offline.json, asks the service worker which of its files it has and the browser's storage
// estimate (the window opens, the browser goes offline, a store ends).
void offline_refresh(App& app);
// What the chosen groups need, with what is stored.
OfflinePlan offline_plan(const App& app);
// Bytes of the downloaded hub models counted in (already stored: nothing to fetch).
double offline_hub_bytes(const App& app);
// Starts storing the chosen groups' missing files (asks for persistent storage first); false when there
// is nothing to store or a store runs.
bool offline_start(App& app);
void offline_cancel(App& app);
// The shell, each frame: whether the browser is online (going offline asks what is stored, for the badge).
void set_online(App& app, bool online);

}  // namespace vitvis

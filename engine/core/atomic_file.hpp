// An output file that is complete or absent: never torn, whatever stops the run (an error,
// Ctrl-C, SIGKILL, a full disk). Used by every command that writes --out.
//
// On Linux the data is written to an unnamed file in the target's folder (O_TMPFILE): a run
// killed at any point leaves nothing behind. commit() flushes it to disk, gives it a
// temporary name and renames it over the target, so the target changes in one step. Where the
// filesystem has no O_TMPFILE, the data goes to "FILE.tmp.PID" instead, removed on failure.
#pragma once

#include <memory>
#include <ostream>
#include <string>

namespace eligo {

class AtomicFile {
public:
   explicit AtomicFile(std::string path);  // throws InputError when the folder cannot be written
   ~AtomicFile();                          // without commit(): the data is dropped
   AtomicFile(const AtomicFile&) = delete;
   AtomicFile& operator=(const AtomicFile&) = delete;

   std::ostream& stream();
   // Flushes, syncs and puts the file in place. Throws InputError on a write error (disk full).
   void commit();

private:
   struct Impl;
   std::unique_ptr<Impl> impl_;
};

}  // namespace eligo

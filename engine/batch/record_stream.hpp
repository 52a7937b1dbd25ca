// The records of a population, one at a time (eligo batch, eligo audit): the lines of NDJSON
// files, the .json files of folders (one patient each; their .ndjson files a patient per line),
// or standard input ("-"), never holding more than one record's text and the record limit.
// A regular NDJSON file is mapped into memory: its records are views of the mapping, found
// by a search for the newline, with no copy; the pages of records already screened are given
// back at each chunk, so memory stays within a chunk or two of text however large the file.
#pragma once

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/error.hpp"

namespace eligo {

// The largest record (one NDJSON line, or one file of a folder) a population reader takes.
inline constexpr std::size_t max_batch_record_bytes = 64 * 1024 * 1024;

struct RecordText {
   std::size_t number = 0;  // 1-based over the whole run
   std::string own;         // the record's bytes when they were read ...
   std::string_view view;   // ... or where they are in the mapped file
   bool mapped = false;
   std::string error;                  // set when the record could not even be read (too long)
   const std::string* file = nullptr;  // where it comes from: this file (or "<stdin>") ...
   std::size_t line = 0;               // ... at this line, or 0 for a file that is one record

   std::string_view text() const { return mapped ? view : std::string_view(own); }

   // "pop.ndjson:12" or the file's path: built only when a message needs it.
   std::string source() const
   {
      if (!file) return "";
      return line ? *file + ":" + std::to_string(line) : *file;
   }
};

// A regular file mapped read-only, its lines found in place.
class MappedLines {
public:
   // Returns nullptr-like (ok() false) when the file cannot be mapped (empty, or mmap refused): the caller reads it.
   explicit MappedLines(const std::string& path)
   {
      // Only a regular file is opened here: opening a named pipe to look at it, and closing it, would leave its writer with
      // no reader (it would fail or block).
      struct stat named {};
      if (::stat(path.c_str(), &named) != 0 || !S_ISREG(named.st_mode)) return;
      const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) return;
      struct stat st {};
      if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
         void* m = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
         if (m != MAP_FAILED) {
            base_ = static_cast<const char*>(m);
            size_ = static_cast<std::size_t>(st.st_size);
            ::madvise(m, size_, MADV_SEQUENTIAL);
         }
      }
      ::close(fd);
   }
   MappedLines(const MappedLines&) = delete;
   MappedLines& operator=(const MappedLines&) = delete;
   ~MappedLines()
   {
      if (base_) ::munmap(const_cast<char*>(base_), size_);
   }
   bool ok() const { return base_ != nullptr; }

   // false at the end of the file. A line longer than the record limit is `too_long` (and not returned).
   bool next(std::string_view& line, bool& too_long, std::size_t& line_no)
   {
      too_long = false;
      if (pos_ >= size_) return false;
      const char* start = base_ + pos_;
      const void* nl = std::memchr(start, '\n', size_ - pos_);
      const std::size_t n = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - start) : size_ - pos_;
      pos_ += n + (nl ? 1 : 0);
      line_no = ++line_;
      line = std::string_view(start, n);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // CRLF
      if (n > max_batch_record_bytes) too_long = true, line = {};
      return true;
   }
   // The pages before the current line are no longer needed: given back (they would be read again from the file).
   void release()
   {
      const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
      const std::size_t upto = std::min(pos_, size_) / page * page;
      if (upto > released_) {
         ::madvise(const_cast<char*>(base_) + released_, upto - released_, MADV_DONTNEED);
         released_ = upto;
      }
   }
   std::size_t consumed() const { return pos_; }

private:
   const char* base_ = nullptr;
   std::size_t size_ = 0, pos_ = 0, line_ = 0, released_ = 0;
};

// One line at a time from a FILE*, never holding more than the record limit.
class LineReader {
public:
   LineReader(std::FILE* f, std::string name) : f_(f), name_(std::move(name)), buf_(1 << 20) {}

   // false at the end of the input.
   bool next(std::string& line, bool& too_long, std::size_t& line_no)
   {
      line.clear();
      too_long = false;
      bool any = false;
      for (;;) {
         if (pos_ == len_) {
            len_ = std::fread(buf_.data(), 1, buf_.size(), f_);
            pos_ = 0;
            consumed_ += len_;
            if (len_ == 0) {
               if (any) {
                  line_no = ++line_;
                  return true;
               }
               return false;
            }
         }
         any = true;
         const char* start = buf_.data() + pos_;
         const void* nl = std::memchr(start, '\n', len_ - pos_);
         const std::size_t n = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - start) : len_ - pos_;
         if (!too_long) {
            if (line.size() + n > max_batch_record_bytes) {
               too_long = true;
               line.clear();
               line.shrink_to_fit();
            }
            else
               line.append(start, n);
         }
         pos_ += n;
         if (nl) {
            ++pos_;
            line_no = ++line_;
            if (!line.empty() && line.back() == '\r') line.pop_back();  // CRLF
            return true;
         }
      }
   }
   std::size_t consumed() const { return consumed_; }
   const std::string& name() const { return name_; }

private:
   std::FILE* f_;
   std::string name_;
   std::vector<char> buf_;
   std::size_t pos_ = 0, len_ = 0, line_ = 0, consumed_ = 0;
};

struct Closer {
   bool is_stdin = false;
   void operator()(std::FILE* f) const
   {
      if (f && !is_stdin) std::fclose(f);
   }
};

class RecordInputs {
public:
   explicit RecordInputs(const std::vector<std::string>& inputs)
   {
      namespace fs = std::filesystem;
      for (const auto& in : inputs) {
         if (in == "-") {
            items_.push_back({in, false, "<stdin>"});
            continue;
         }
         if (!fs::exists(in)) throw InputError(in + ": no such file or directory");
         if (fs::is_directory(in)) {
            std::vector<std::string> files;
            for (const auto& e : fs::recursive_directory_iterator(in))
               if (e.is_regular_file() && (e.path().extension() == ".json" || e.path().extension() == ".ndjson")) files.push_back(e.path().string());
            std::sort(files.begin(), files.end());
            for (auto& f : files) {
               total_bytes_ += fs::file_size(f);
               // In a folder, a .json file is one patient; an .ndjson file holds one per line.
               items_.push_back({f, fs::path(f).extension() == ".json", f});
            }
         }
         else {
            // A pipe or process substitution ("<(zcat pop.ndjson.gz)") has no size: read, with no share shown.
            if (fs::is_regular_file(in))
               total_bytes_ += fs::file_size(in);
            else
               unsized_ = true;
            items_.push_back({in, false, in});
         }
      }
   }

   // Fills `chunk` with up to max_records records / max_bytes of text; false when nothing is left.
   // The records of the last chunk are done with: their buffers are reused (no allocation per record once warm), and the
   // mapped pages they were views of are given back.
   bool fill(std::vector<RecordText>& chunk, std::size_t max_records, std::size_t max_bytes)
   {
      // A buffer that held a large record is let go, so that the buffers kept stay within 2,048 × 16 KiB.
      for (auto& r : chunk)
         if (r.own.capacity() <= 16 * 1024) spare_.push_back(std::move(r));
      chunk.clear();
      retired_.clear();
      if (mapped_) mapped_->release();
      std::size_t bytes = 0;
      while (chunk.size() < max_records && bytes < max_bytes) {
         if (!open_next()) break;
         Item& it = items_[current_];
         RecordText r;
         if (!spare_.empty()) {
            r = std::move(spare_.back());
            spare_.pop_back();
            r.own.clear();
            r.error.clear();
         }
         r.file = &it.name;
         r.line = 0;
         r.view = {};
         r.mapped = false;
         if (it.whole_file) {
            const auto size = std::filesystem::file_size(it.path);
            if (size > max_batch_record_bytes)
               r.error = it.path + ": file is larger than the " + std::to_string(max_batch_record_bytes >> 20) + " MiB limit";
            else {
               r.own.resize(size);
               const std::size_t got = std::fread(r.own.data(), 1, size, file_.get());
               r.own.resize(got);
            }
            done_bytes_ += size;
            close_current();
         }
         else {
            bool too_long = false;
            std::size_t line_no = 0;
            if (mapped_) {
               if (!mapped_->next(r.view, too_long, line_no)) {
                  close_current();
                  continue;
               }
               r.mapped = true;
            }
            else {
               if (!reader_->next(r.own, too_long, line_no)) {
                  close_current();
                  continue;
               }
            }
            r.line = line_no;
            if (too_long)
               r.error = r.source() + ": line is longer than the " + std::to_string(max_batch_record_bytes >> 20) + " MiB record limit";
            else if (r.text().find_first_not_of(" \t\r") == std::string_view::npos) {
               spare_.push_back(std::move(r));
               continue;  // a blank line is not a record
            }
         }
         if (r.text().substr(0, 3) == "\xEF\xBB\xBF") {  // BOM
            if (r.mapped)
               r.view.remove_prefix(3);
            else
               r.own.erase(0, 3);
         }
         r.number = ++records_;
         bytes += r.text().size();
         chunk.push_back(std::move(r));
      }
      return !chunk.empty();
   }

   // Share of the input read, when the total is known (files), else -1.
   double fraction() const
   {
      if (total_bytes_ == 0 || unsized_ || std::any_of(items_.begin(), items_.end(), [](const Item& i) { return i.path == "-"; })) return -1;
      const std::size_t now = done_bytes_ + (reader_ ? reader_->consumed() : 0) + (mapped_ ? mapped_->consumed() : 0);
      return std::min(1.0, static_cast<double>(now) / static_cast<double>(total_bytes_));
   }

private:
   struct Item {
      std::string path;
      bool whole_file;
      std::string name;  // as rows and messages name it: the path, or "<stdin>"
   };

   bool open_next()
   {
      if (file_ || mapped_) return true;
      while (next_ < items_.size()) {
         current_ = next_++;
         const Item& it = items_[current_];
         const bool is_stdin = it.path == "-";
         // An NDJSON file is mapped; standard input, a pipe, and a file that cannot be mapped are read.
         if (!is_stdin && !it.whole_file) {
            auto m = std::make_unique<MappedLines>(it.path);
            if (m->ok()) {
               mapped_ = std::move(m);
               return true;
            }
         }
         std::FILE* f = is_stdin ? stdin : std::fopen(it.path.c_str(), "rb");
         if (!f) throw InputError(it.path + ": cannot open file");
         file_ = std::unique_ptr<std::FILE, Closer>(f, Closer{is_stdin});
         if (!it.whole_file) reader_ = std::make_unique<LineReader>(f, it.name);
         return true;
      }
      return false;
   }
   void close_current()
   {
      if (reader_) done_bytes_ += reader_->consumed();
      if (mapped_) {
         done_bytes_ += mapped_->consumed();
         retired_.push_back(std::move(mapped_));  // the chunk being filled may still view it: unmapped at the next fill
      }
      reader_.reset();
      file_.reset();
   }

   std::vector<Item> items_;
   std::vector<RecordText> spare_;  // the last chunk's records, whose buffers the next ones reuse
   std::size_t next_ = 0, current_ = 0;
   std::unique_ptr<std::FILE, Closer> file_;
   std::unique_ptr<LineReader> reader_;
   std::unique_ptr<MappedLines> mapped_;
   std::vector<std::unique_ptr<MappedLines>> retired_;  // files read to the end whose records the last chunk viewed
   std::size_t records_ = 0;
   std::size_t total_bytes_ = 0, done_bytes_ = 0;
   bool unsized_ = false;  // an input without a size (a pipe)
};

}  // namespace eligo

// The records of a population, one at a time (eligo batch, eligo audit): the lines of NDJSON
// files, the .json files of folders (one patient each; their .ndjson files a patient per line),
// or standard input ("-"), never holding more than one record's text and the record limit.
#pragma once

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
   std::string source;      // "pop.ndjson:12" or the file's path
   std::string text;
   std::string error;  // set when the record could not even be read (too long)
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
            items_.push_back({in, false});
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
               items_.push_back({f, fs::path(f).extension() == ".json"});
            }
         }
         else {
            total_bytes_ += fs::file_size(in);
            items_.push_back({in, false});
         }
      }
   }

   // Fills `chunk` with up to max_records records / max_bytes of text; false when nothing is left.
   // The records of the last chunk are taken back and their buffers reused: no allocation per record once warm.
   bool fill(std::vector<RecordText>& chunk, std::size_t max_records, std::size_t max_bytes)
   {
      // A buffer that held a large record is let go, so that the buffers kept stay within 2,048 × 16 KiB.
      for (auto& r : chunk)
         if (r.text.capacity() <= 16 * 1024) spare_.push_back(std::move(r));
      chunk.clear();
      std::size_t bytes = 0;
      while (chunk.size() < max_records && bytes < max_bytes) {
         if (!open_next()) break;
         Item& it = items_[current_];
         RecordText r;
         if (!spare_.empty()) {
            r = std::move(spare_.back());
            spare_.pop_back();
            r.source.clear();
            r.text.clear();
            r.error.clear();
         }
         if (it.whole_file) {
            r.source = it.path;
            const auto size = std::filesystem::file_size(it.path);
            if (size > max_batch_record_bytes)
               r.error = it.path + ": file is larger than the " + std::to_string(max_batch_record_bytes >> 20) + " MiB limit";
            else {
               r.text.resize(size);
               const std::size_t got = std::fread(r.text.data(), 1, size, file_.get());
               r.text.resize(got);
            }
            done_bytes_ += size;
            close_current();
         }
         else {
            bool too_long = false;
            std::size_t line_no = 0;
            if (!reader_->next(r.text, too_long, line_no)) {
               close_current();
               continue;
            }
            r.source += reader_->name();
            r.source += ':';
            char digits[24];
            const int n = std::snprintf(digits, sizeof digits, "%zu", line_no);
            r.source.append(digits, static_cast<std::size_t>(n));
            if (too_long)
               r.error = r.source + ": line is longer than the " + std::to_string(max_batch_record_bytes >> 20) + " MiB record limit";
            else if (r.text.find_first_not_of(" \t\r") == std::string::npos)
               continue;  // a blank line is not a record
         }
         if (r.text.size() >= 3 && r.text.compare(0, 3, "\xEF\xBB\xBF") == 0) r.text.erase(0, 3);  // BOM
         r.number = ++records_;
         bytes += r.text.size();
         chunk.push_back(std::move(r));
      }
      return !chunk.empty();
   }

   // Share of the input read, when the total is known (files), else -1.
   double fraction() const
   {
      if (total_bytes_ == 0 || std::any_of(items_.begin(), items_.end(), [](const Item& i) { return i.path == "-"; })) return -1;
      const std::size_t now = done_bytes_ + (reader_ ? reader_->consumed() : 0);
      return std::min(1.0, static_cast<double>(now) / static_cast<double>(total_bytes_));
   }

private:
   struct Item {
      std::string path;
      bool whole_file;
   };

   bool open_next()
   {
      if (file_) return true;
      while (next_ < items_.size()) {
         current_ = next_++;
         const Item& it = items_[current_];
         const bool is_stdin = it.path == "-";
         std::FILE* f = is_stdin ? stdin : std::fopen(it.path.c_str(), "rb");
         if (!f) throw InputError(it.path + ": cannot open file");
         file_ = std::unique_ptr<std::FILE, Closer>(f, Closer{is_stdin});
         if (!it.whole_file) reader_ = std::make_unique<LineReader>(f, is_stdin ? std::string("<stdin>") : it.path);
         return true;
      }
      return false;
   }
   void close_current()
   {
      if (reader_) done_bytes_ += reader_->consumed();
      reader_.reset();
      file_.reset();
   }

   std::vector<Item> items_;
   std::vector<RecordText> spare_;  // the last chunk's records, whose buffers the next ones reuse
   std::size_t next_ = 0, current_ = 0;
   std::unique_ptr<std::FILE, Closer> file_;
   std::unique_ptr<LineReader> reader_;
   std::size_t records_ = 0;
   std::size_t total_bytes_ = 0, done_bytes_ = 0;
};

}  // namespace eligo

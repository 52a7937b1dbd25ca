// eligo batch (batch.hpp, docs/batch.md).
#include "engine/batch/batch.hpp"

#include <exception>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <ostream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "engine/patient/patient.hpp"
#include "engine/patient/fast_reader.hpp"
#include "engine/batch/record_stream.hpp"
#include "engine/evaluate/compiled_trial.hpp"

namespace eligo {

namespace {

// ---- writing rows -----------------------------------------------------------------

void json_string(std::string& out, std::string_view s)
{
   out += '"';
   // Most ids need no escape: one append.
   if (std::none_of(s.begin(), s.end(), [](char ch) { return ch == '"' || ch == '\\' || static_cast<unsigned char>(ch) < 0x20; })) {
      out += s;
      out += '"';
      return;
   }
   for (unsigned char c : s) {
      switch (c) {
         case '"': out += "\\\""; break;
         case '\\': out += "\\\\"; break;
         case '\n': out += "\\n"; break;
         case '\r': out += "\\r"; break;
         case '\t': out += "\\t"; break;
         default:
            if (c < 0x20) {
               char b[8];
               std::snprintf(b, sizeof b, "\\u%04x", c);
               out += b;
            }
            else
               out += static_cast<char>(c);
      }
   }
   out += '"';
}

// Whether a CSV field must be quoted: one pass over the bytes (string_view::find_first_of calls memchr per byte).
bool needs_quotes(std::string_view s)
{
   return std::any_of(s.begin(), s.end(), [](char c) { return c == ',' || c == '"' || c == '\n' || c == '\r'; });
}

void csv_field(std::string& out, std::string_view s)
{
   if (!needs_quotes(s)) {
      out += s;
      return;
   }
   out += '"';
   for (char c : s) {
      if (c == '"') out += '"';
      out += c;
   }
   out += '"';
}

// The id of a record that could not be read, if it can be found.
std::string id_of(const std::string& text)
{
   try {
      const auto j = nlohmann::json::parse(text);
      if (!j.is_object()) return "";
      if (auto it = j.find("id"); it != j.end() && (it->is_string() || it->is_number_integer()) && !j.contains("resourceType"))
         return it->is_string() ? it->get<std::string>() : std::to_string(it->get<long long>());
      if (auto e = j.find("entry"); e != j.end() && e->is_array())
         for (const auto& x : *e)
            if (x.is_object() && x.contains("resource") && x["resource"].is_object() && x["resource"].value("resourceType", "") == "Patient" &&
                x["resource"].contains("id") && x["resource"]["id"].is_string())
               return x["resource"]["id"].get<std::string>();
   }
   catch (const std::exception&) {
   }
   return "";
}

struct Verdicts {
   std::vector<std::array<std::size_t, verdict_count>> per_trial;
   std::vector<std::size_t> near_misses;
   std::size_t errors = 0, rows = 0;
   std::size_t compiled = 0, fallback = 0;  // verdicts of compiled trials: by their program, by the reference path
};

// What a row says of one patient and trial, from the tree evaluator's TrialResult or from a compiled program.
struct RowView {
   const std::string& patient;
   const Trial& trial;
   Verdict verdict;
   const std::vector<std::size_t>& failing;
   const std::vector<std::size_t>& open;
   const std::vector<std::size_t>& questions;
   const std::vector<std::size_t>& at_enrolment;
   const std::vector<std::string>* quoted = nullptr;  // the trial's criterion ids as JSON strings, quoted once per run
   const TrialResult* result = nullptr;               // the tree's result: the reason, the missing data, near misses
   bool plain_ids = false;                            // no criterion id of the trial needs CSV quoting
};

class Worker {
public:
   Worker(const BatchOptions& o, const std::vector<Trial>& trials, const std::vector<std::optional<CompiledTrial>>& compiled, const Catalogue& cat,
          std::size_t tree_leaves)
       : o_(o), trials_(trials), compiled_(compiled), cat_(cat), memo_(tree_leaves)
   {
      // Slots alone (no Patient) when every trial has a program and none has tree instructions.
      for (const auto& c : compiled) slots_only_ = slots_only_ && c.has_value() && !c->needs_patient();
      any_compiled_ = std::any_of(compiled.begin(), compiled.end(), [](const auto& c) { return c.has_value(); });
      for (const Trial& t : trials) {
         auto& q = quoted_.emplace_back();
         for (const Criterion& c : t.criteria) json_string(q.emplace_back(), c.id);
         plain_ids_.push_back(std::none_of(t.criteria.begin(), t.criteria.end(), [](const Criterion& c) { return needs_quotes(c.id); }));
      }
      v_.per_trial.assign(trials.size(), {});
      v_.near_misses.assign(trials.size(), 0);
   }

   void run(const RecordText& r, std::string& out)
   {
      out.clear();
      if (!r.error.empty()) {
         error_row(r, "", r.error, out);
         return;
      }
      // The compiled path: when every trial has a program, the record is read into slots alone; a record outside the
      // fast shape, and a trial a program leaves to the reference path, get a Patient.
      bool slots = false, have_patient = false;
      if (any_compiled_ && slots_only_) slots = fast_.read_slots(r.text(), slots_);
      Patient p;
      auto read = [&] {
         if (have_patient) return;
         // The one-pass reader takes the common shape; anything else goes to read_patient().
         if (auto fp = fast_.read(r.text(), r.source())) {
            p = std::move(*fp);
            if (any_compiled_ && !slots) {
               slots_of(p, slots_);
               slots = true;
            }
         }
         else
            p = read_patient(std::string(r.text()), r.source(), cat_);
         have_patient = true;
      };
      try {
         if (!slots) read();
      }
      catch (const std::exception& e) {
         error_row(r, id_of(std::string(r.text())), e.what(), out);
         return;
      }
      const Date date = o_.date ? *o_.date : (slots ? slots_.screening_date : p.screening_date).value_or(today_);
      // A record whose screening fails for any reason is an error row, and the run goes on: the counts and rows of a
      // record are kept only once all its trials are screened (review s6 A4: an exception in a worker ended the run).
      verdict_of_.clear();
      memo_.next_patient();
      std::size_t rows = 0, compiled = 0, fallback = 0;
      try {
         for (std::size_t t = 0; t < trials_.size(); ++t) {
            if (slots && compiled_[t]) {
               if (compiled_[t]->screen(slots_, have_patient ? &p : nullptr, date, cv_, &memo_)) {
                  ++compiled;
                  verdict_of_.emplace_back(cv_.verdict, false);
                  if (o_.only_eligible && cv_.verdict != Verdict::eligible) continue;
                  ++rows;
                  row(RowView{slots_.id, trials_[t], cv_.verdict, cv_.failing, cv_.open, cv_.questions, cv_.at_enrolment, &quoted_[t], nullptr, plain_ids_[t]},
                      out);
                  continue;
               }
               ++fallback;
            }
            else if (compiled_[t])
               ++fallback;  // a record outside the fast shape: the tree reads it
            read();
            const TrialResult res = screen(trials_[t], p, date, cat_, false, o_.near_miss);
            verdict_of_.emplace_back(res.verdict, res.near_miss);
            if (o_.only_eligible && res.verdict != Verdict::eligible) continue;
            ++rows;
            open_of(res);
            row(RowView{p.id, trials_[t], res.verdict, res.failing, open_, res.questions, res.at_enrolment, &quoted_[t], &res, plain_ids_[t]}, out);
         }
      }
      catch (const InputError& e) {  // an answer of the wrong type for its criterion (engine/evaluate/answered.hpp)
         out.clear();
         error_row(r, have_patient ? p.id : slots_.id, r.source() + ": " + e.what(), out);
         return;
      }
      catch (const std::exception& e) {
         out.clear();
         error_row(r, have_patient ? p.id : slots_.id, r.source() + ": cannot be screened: " + e.what(), out);
         return;
      }
      for (std::size_t t = 0; t < verdict_of_.size(); ++t) {
         ++v_.per_trial[t][static_cast<int>(verdict_of_[t].first)];
         if (verdict_of_[t].second) ++v_.near_misses[t];
      }
      v_.rows += rows;
      v_.compiled += compiled;
      v_.fallback += fallback;
   }

   Verdicts& verdicts() { return v_; }

private:
   std::vector<std::pair<Verdict, bool>> verdict_of_;  // this record's verdict and near miss per trial, committed when all are screened

   void error_row(const RecordText& r, const std::string& id, const std::string& message, std::string& out)
   {
      ++v_.errors;
      ++v_.rows;
      if (o_.format == "csv") {
         out += std::to_string(r.number);
         out += ',';
         csv_field(out, id);
         out += ",,error,,,";  // trial, verdict, not_met, open: none here
         csv_field(out, message);
         out += ",,,,";                  // criteria, reason, questions, at_enrolment
         if (o_.explain) out += ',';     // missing
         if (o_.near_miss) out += ",,";  // near_miss, near_miss_gaps
         out += '\n';
         return;
      }
      out += "{\"record\":";
      out += std::to_string(r.number);
      if (!id.empty()) {
         out += ",\"patient\":";
         json_string(out, id);
      }
      out += ",\"error\":";
      json_string(out, message);
      out += "}\n";
   }

   // The open criteria of a tree result that wait for data: neither questions for a clinician nor left to enrolment.
   void open_of(const TrialResult& res)
   {
      open_.clear();
      marks_.assign(res.criteria.size(), 0);
      for (std::size_t i : res.questions) marks_[i] = 1;
      for (std::size_t i : res.at_enrolment) marks_[i] = 1;
      if (res.verdict != Verdict::not_screenable)
         for (std::size_t i = 0; i < res.criteria.size(); ++i)
            if (!marks_[i] && res.criteria[i].outcome.result == Tri::unknown) open_.push_back(i);
   }

   // The criteria of a row by id (docs/language.md, "Criterion ids"): those that make the patient ineligible
   // (inclusions not met, exclusions met), and the open ones that wait for data. With --explain the row also says in
   // words what data would settle them (the tree's result only: the compiled path is not used with --explain).
   void row(const RowView& v, std::string& out)
   {
      static const TrialResult none;
      const TrialResult& res = v.result ? *v.result : none;
      const bool csv = o_.format == "csv";
      // Ids joined by ';' in one CSV field, or a JSON array of strings.
      auto ids = [&](const std::vector<std::size_t>& which) {
         if (csv) {
            if (v.plain_ids) {  // no id needs quoting, nor does ';' between them: straight into the row
               for (std::size_t k = 0; k < which.size(); ++k) (out += k ? ";" : "") += v.trial.criteria[which[k]].id;
               return;
            }
            joined_.clear();
            for (std::size_t k = 0; k < which.size(); ++k) (joined_ += k ? ";" : "") += v.trial.criteria[which[k]].id;
            csv_field(out, joined_);
            return;
         }
         out += '[';
         for (std::size_t k = 0; k < which.size(); ++k) {
            if (k) out += ',';
            out += (*v.quoted)[which[k]];
         }
         out += ']';
      };
      if (csv) {
         out += ',';  // record: only error rows carry it
         csv_field(out, v.patient);
         out += ',';
         csv_field(out, v.trial.id);
         out += ',';
         out += to_string(v.verdict);
         out += ',';
         ids(v.failing);
         out += ',';
         ids(v.open);
         out += ",,";  // error: error rows only
         if (v.trial.criteria_partial) out += "partial";
         out += ',';
         csv_field(out, res.reason);  // not_screenable rows only
         out += ',';
         ids(v.questions);
         out += ',';
         ids(v.at_enrolment);
         if (o_.explain) {
            out += ',';
            std::string m;
            for (const auto& x : res.missing) m += (m.empty() ? "" : "; ") + x;
            csv_field(out, m);
         }
         if (o_.near_miss) {
            out += v.verdict == Verdict::ineligible ? (res.near_miss ? ",yes," : ",no,") : ",,";
            std::string g;
            for (const auto& x : res.near_miss_gaps) g += (g.empty() ? "" : "; ") + x;
            csv_field(out, g);
         }
         out += '\n';
         return;
      }
      out += "{\"patient\":";
      json_string(out, v.patient);
      out += ",\"trial\":";
      json_string(out, v.trial.id);
      out += ",\"verdict\":\"";
      out += to_string(v.verdict);
      out += '"';
      if (v.verdict == Verdict::not_screenable) {
         out += ",\"reason\":";
         json_string(out, res.reason);
      }
      else if (v.trial.criteria_partial)
         out += ",\"criteria_partial\":true";
      out += ",\"not_met\":";
      ids(v.failing);
      out += ",\"open\":";
      ids(v.open);
      out += ",\"questions\":";
      ids(v.questions);
      out += ",\"at_enrolment\":";
      ids(v.at_enrolment);
      if (o_.explain) {
         out += ",\"missing\":[";
         for (std::size_t i = 0; i < res.missing.size(); ++i) {
            if (i) out += ',';
            json_string(out, res.missing[i]);
         }
         out += ']';
      }
      if (o_.near_miss && v.verdict == Verdict::ineligible) {
         out += res.near_miss ? ",\"near_miss\":true,\"near_miss_gaps\":[" : ",\"near_miss\":false";
         if (res.near_miss) {
            for (std::size_t i = 0; i < res.near_miss_gaps.size(); ++i) {
               if (i) out += ',';
               json_string(out, res.near_miss_gaps[i]);
            }
            out += "]";
         }
      }
      out += "}\n";
   }

   std::vector<std::size_t> open_;  // row(): this row's open criteria (reused, no allocation per row)
   std::vector<char> marks_;        // row(): questions and at-enrolment criteria
   std::string joined_;             // row(): a CSV list of ids
   const BatchOptions& o_;
   const std::vector<Trial>& trials_;
   const std::vector<std::optional<CompiledTrial>>& compiled_;  // per trial: its program, when it has one
   bool slots_only_ = true, any_compiled_ = false;
   const Catalogue& cat_;
   Date today_ = today();
   Verdicts v_;
   FastReader fast_{cat_};
   PatientSlots slots_;                            // this record's slots (reused: no allocation per patient once warm)
   std::vector<std::vector<std::string>> quoted_;  // per trial, its criterion ids as JSON strings
   std::vector<bool> plain_ids_;                   // per trial: no criterion id needs CSV quoting
   CompiledVerdict cv_;
   TreeLeafMemo memo_;  // this record's answers to the tree leaves the trials share
};

long peak_rss_kb()
{
   struct rusage u {};
   getrusage(RUSAGE_SELF, &u);
   return u.ru_maxrss;  // kilobytes on Linux
}

std::string duration_text(double s)
{
   char b[32];
   if (s < 60)
      std::snprintf(b, sizeof b, "%.0fs", s);
   else if (s < 3600)
      std::snprintf(b, sizeof b, "%dm%02ds", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
   else
      std::snprintf(b, sizeof b, "%dh%02dm", static_cast<int>(s) / 3600, static_cast<int>(s) % 3600 / 60);
   return b;
}

}  // namespace

BatchSummary run_batch(const BatchOptions& o, const std::vector<Trial>& trials, const Catalogue& catalogue, std::ostream& out, std::ostream& progress)
{
   const auto start = std::chrono::steady_clock::now();
   RecordInputs inputs(o.inputs);
   const unsigned n = std::max(1u, o.threads);
   // Each trial compiled once into its program (engine/evaluate/compiled_trial.hpp). The rows' words (--explain) and
   // near misses come from the tree evaluator's explanations, so those runs use it alone, as --reference does.
   std::vector<std::optional<CompiledTrial>> compiled(trials.size());
   // A clinical fact asked the same way by several trials is answered once per patient (tree_leaf_memo.hpp).
   TreeLeaves leaves;
   BatchSummary s;
   if (!o.reference && !o.explain && !o.near_miss)
      for (std::size_t t = 0; t < trials.size(); ++t) {
         std::string why;
         compiled[t] = CompiledTrial::compile(trials[t], catalogue, &why, &leaves);
         if (compiled[t])
            ++s.compiled_trials;
         else
            s.not_compiled[trials[t].id] = why;
      }
   std::vector<std::unique_ptr<Worker>> workers;
   for (unsigned i = 0; i < n; ++i) workers.push_back(std::make_unique<Worker>(o, trials, compiled, catalogue, leaves.size()));
   if (o.format == "csv")
      out << "record,patient,trial,verdict,not_met,open,error,criteria,reason,questions,at_enrolment" << (o.explain ? ",missing" : "")
          << (o.near_miss ? ",near_miss,near_miss_gaps" : "") << "\n";

   std::vector<RecordText> chunk;
   // The rows of one chunk are written by a writer thread while the workers screen the next chunk into the other
   // buffer: writing never holds the workers up unless it is slower than screening.
   std::vector<std::string> rows, writing;
   struct Writer {
      std::thread thread;
      ~Writer()
      {
         if (thread.joinable()) thread.join();
      }
      void wait()
      {
         if (thread.joinable()) thread.join();
      }
   } writer;
   auto last_progress = start;
   // Rows are held until their chunk is written: with many trials, fewer records per chunk.
   const std::size_t per_chunk = std::max<std::size_t>(1, std::min(o.chunk_records, o.chunk_rows / std::max<std::size_t>(1, trials.size())));
   while (inputs.fill(chunk, per_chunk, o.chunk_bytes)) {
      rows.resize(chunk.size());
      // Record i goes to worker i % n: the rows keep their input order, whatever n is.
      // A record's own failure is its error row (Worker::run); what escapes that (out of memory) stops the run with a
      // message after every worker has joined, never std::terminate from a thread.
      std::vector<std::exception_ptr> failed(n);
      auto work = [&](unsigned w) {
         try {
            for (std::size_t i = w; i < chunk.size(); i += n) workers[w]->run(chunk[i], rows[i]);
         }
         catch (...) {
            failed[w] = std::current_exception();
         }
      };
      if (n == 1)
         work(0);
      else {
         std::vector<std::thread> pool;
         for (unsigned w = 1; w < n; ++w) pool.emplace_back(work, w);
         work(0);
         for (auto& t : pool) t.join();
      }
      for (const auto& f : failed)
         if (f) std::rethrow_exception(f);
      writer.wait();
      std::swap(rows, writing);
      writer.thread = std::thread([&out, &writing, count = chunk.size()] {
         for (std::size_t i = 0; i < count; ++i) out << writing[i];
      });
      s.records += chunk.size();
      if (o.progress) {
         const auto now = std::chrono::steady_clock::now();
         if (now - last_progress > std::chrono::milliseconds(250)) {
            last_progress = now;
            const double secs = std::chrono::duration<double>(now - start).count();
            const double rate = static_cast<double>(s.records) / std::max(secs, 1e-9);
            const double frac = inputs.fraction();
            std::string bar;
            if (frac >= 0) {
               const int filled = static_cast<int>(frac * 30);
               bar = "[" + std::string(filled, '=') + (filled < 30 ? ">" + std::string(29 - filled, ' ') : "") + "] " +
                     std::to_string(static_cast<int>(frac * 100)) + "% ";
            }
            progress << "\r" << bar << s.records << " patients, " << static_cast<long>(rate) << "/s";
            if (frac > 0.001) progress << ", ETA " << duration_text(secs / frac - secs);
            progress << "   " << std::flush;
         }
      }
   }
   writer.wait();
   if (o.progress) progress << "\r" << std::string(79, ' ') << "\r" << std::flush;
   out.flush();
   for (const auto& t : trials) s.verdicts[t.id] = {}, s.near_misses[t.id] = 0;
   for (const auto& w : workers) {
      s.errors += w->verdicts().errors;
      s.rows += w->verdicts().rows;
      s.compiled_verdicts += w->verdicts().compiled;
      s.fallback_verdicts += w->verdicts().fallback;
      for (std::size_t t = 0; t < trials.size(); ++t) {
         for (int k = 0; k < verdict_count; ++k) s.verdicts[trials[t].id][k] += w->verdicts().per_trial[t][k];
         s.near_misses[trials[t].id] += w->verdicts().near_misses[t];
      }
   }
   s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
   s.peak_rss_kb = peak_rss_kb();
   return s;
}

void print_batch_summary(std::ostream& out, const BatchSummary& s, const std::vector<Trial>& trials, unsigned threads, bool near_miss)
{
   std::size_t w = 5;
   for (const auto& t : trials) w = std::max(w, t.id.size());
   out << std::left << std::setw(static_cast<int>(w + 2)) << "TRIAL" << std::right << std::setw(10) << "ELIGIBLE" << std::setw(19) << "PENDING QUESTIONS"
       << std::setw(15) << "INDETERMINATE" << std::setw(12) << "INELIGIBLE" << std::setw(16) << "NOT SCREENABLE" << (near_miss ? "   NEAR MISS" : "") << "\n";
   for (const auto& t : trials) {
      const auto& v = s.verdicts.at(t.id);
      out << std::left << std::setw(static_cast<int>(w + 2)) << t.id << std::right << std::setw(10) << v[0] << std::setw(19) << v[1] << std::setw(15) << v[2]
          << std::setw(12) << v[3] << std::setw(16) << v[4];
      if (near_miss) out << std::setw(12) << s.near_misses.at(t.id);
      out << (t.criteria_partial ? std::string("  (") + criteria_partial_note + ")" : "") << "\n";
   }
   const double secs = std::max(s.seconds, 1e-9);
   const std::size_t patients = s.records - s.errors;
   char line[512];
   std::snprintf(
       line, sizeof line,
       "eligo batch: %zu records (%zu patients, %zu errors), %zu rows, %zu trials, %u thread%s, %.2f s: %.0f patients/s, %.0f verdicts/s, peak RSS %.1f MB\n",
       s.records, patients, s.errors, s.rows, trials.size(), threads, threads == 1 ? "" : "s", s.seconds, static_cast<double>(patients) / secs,
       static_cast<double>(patients * trials.size()) / secs, static_cast<double>(s.peak_rss_kb) / 1024.0);
   out << line;
   if (s.compiled_trials || !s.not_compiled.empty()) {
      std::snprintf(line, sizeof line, "compiled path: %zu of %zu trials compiled; %zu verdicts by their programs, %zu by the reference path\n",
                    s.compiled_trials, trials.size(), s.compiled_verdicts, s.fallback_verdicts);
      out << line;
   }
}

}  // namespace eligo

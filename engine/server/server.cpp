#include "engine/server/server.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <sstream>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "engine/compile/binder.hpp"
#include "engine/report/questionnaire.hpp"
#include "engine/report/questionnaire_response.hpp"
#include "engine/report/report.hpp"
#include "engine/report/what_if.hpp"
#include "engine/server/access.hpp"

namespace eligo {

// The page (engine/server/web/), embedded at build time by engine/server/web/embed.cmake.
extern const char* const web_index_html;
extern const char* const web_app_js;
extern const char* const web_style_css;
extern const char* const web_print_css;
extern const char* const web_printout_js;
extern const char* const web_export_js;
extern const char* const web_whatif_js;
extern const char* const web_answers_js;
extern const char* const web_whatif_css;

namespace {

using json = nlohmann::ordered_json;

// An answer that is not a result: {"error": MESSAGE, "plain": ..., "where": {...}} with its status.
struct HttpError {
   int status;
   std::string message;
   json where;
   std::string plain = {};  // the message in a clinician's words, when the engine has them (LocatedError::plain)
};

void send_json(httplib::Response& res, int status, const json& body)
{
   res.status = status;
   res.set_header("Cache-Control", "no-store");
   // Compact: a screen of all 58 bundled trials is 0.97 MB indented, 0.78 MB compact.
   res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace) + "\n", "application/json; charset=utf-8");
}

void send_error(httplib::Response& res, const HttpError& e)
{
   json body = {{"error", e.message}};
   if (!e.plain.empty()) body["plain"] = e.plain;
   body["where"] = e.where;
   send_json(res, e.status, body);
}

// Where in a patient document an input error is: {"part", "field" (a JSON path such as "labs[0].unit", or a FHIR
// element), "patient"}, the parts the error has.
json input_where(const char* part, const InputError& e)
{
   json where = {{"part", part}};
   if (!e.where.field.empty()) where["field"] = e.where.field;
   if (!e.where.patient.empty()) where["patient"] = e.where.patient;
   return where;
}

// Control characters and invalid UTF-8 in a request target are not echoed into the log as they came.
std::string loggable(std::string_view s)
{
   std::string out;
   for (unsigned char c : s) {
      if (c < 0x20 || c == 0x7F || c >= 0x80) {
         char b[8];
         std::snprintf(b, sizeof b, "%%%02X", c);
         out += b;
      }
      else
         out += static_cast<char>(c);
      if (out.size() > 200) return out + "...";
   }
   return out;
}

bool json_content_type(const httplib::Request& req)
{
   std::string type = req.get_header_value("Content-Type");
   type = type.substr(0, type.find(';'));
   while (!type.empty() && type.back() == ' ') type.pop_back();
   std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
   return type == "application/json" || type == "application/fhir+json";
}

const char* reason_phrase(int status)
{
   switch (status) {
      case 400: return "bad request";
      case 401: return "a bearer token is needed";
      case 404: return "not found";
      case 405: return "method not allowed";
      case 408: return "request timeout";
      case 413: return "request body too large";
      case 414: return "request target too long";
      case 415: return "unsupported content type";
      case 431: return "request headers too large";
      default: return status >= 500 ? "internal error" : "error";
   }
}

thread_local std::chrono::steady_clock::time_point request_start;

// The workers: one thread per connection, started when every thread is busy, up to `max`.
// A client that dribbles its request holds one thread (until the read timeout), so a fixed
// small pool would let a few dozen slow clients shut everyone else out; this pool grows
// instead, and the cap bounds memory. Threads are kept once started (at most `max`).
class ElasticPool : public httplib::TaskQueue {
public:
   explicit ElasticPool(std::size_t max) : max_(max) {}
   void enqueue(std::function<void()> fn) override
   {
      std::lock_guard<std::mutex> lock(mutex_);
      jobs_.push_back(std::move(fn));
      if (jobs_.size() > idle_ && threads_.size() < max_)
         threads_.emplace_back([this] { work(); });
      else
         cond_.notify_one();
   }
   void shutdown() override
   {
      {
         std::lock_guard<std::mutex> lock(mutex_);
         stopping_ = true;
      }
      cond_.notify_all();
      for (auto& t : threads_) t.join();
   }

private:
   void work()
   {
      for (;;) {
         std::function<void()> fn;
         {
            std::unique_lock<std::mutex> lock(mutex_);
            ++idle_;
            cond_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
            --idle_;
            if (jobs_.empty()) return;  // stopping, and nothing left to do
            fn = std::move(jobs_.front());
            jobs_.pop_front();
         }
         fn();
      }
   }
   std::size_t max_;
   std::mutex mutex_;
   std::condition_variable cond_;
   std::deque<std::function<void()>> jobs_;
   std::vector<std::thread> threads_;
   std::size_t idle_ = 0;
   bool stopping_ = false;
};

#ifndef ELIGO_VERSION
#define ELIGO_VERSION "0.0.0"
#endif

// Which file a result was screened against, so that a printout or an export can be traced to it: the file's name
// (not the server's folder) and the SHA-256 of its bytes (`sha256sum FILE` prints the same digits).
json trial_file_json(const Trial& t) { return {{"name", std::filesystem::path(t.path).filename().string()}, {"sha256", t.sha256}}; }

}  // namespace

struct Server::Impl {
   std::vector<Trial> trials;
   std::shared_ptr<const Catalogue> catalogue;
   CatalogueLexicon lexicon;
   ServeOptions options;
   HostCheck hosts;
   LogSink log;
   std::mutex log_mutex;
   // Screening is CPU work: at most two per core at once, so that memory stays bounded however
   // many connections are open. The others wait here, holding only their request, and are served
   // in the order they came (a plain semaphore lets some wait far longer than others under load).
   struct FairSlots {
      std::mutex m;
      std::condition_variable cv;
      std::uint64_t next = 0, serving = 0;
      std::ptrdiff_t free;
      explicit FairSlots(std::ptrdiff_t n) : free(n) {}
   } screening{std::clamp(2 * static_cast<std::ptrdiff_t>(std::thread::hardware_concurrency()), std::ptrdiff_t{2}, std::ptrdiff_t{64})};
   struct Slot {
      FairSlots& s;
      explicit Slot(FairSlots& s) : s(s)
      {
         std::unique_lock<std::mutex> lock(s.m);
         const std::uint64_t ticket = s.next++;
         s.cv.wait(lock, [&] { return ticket == s.serving && s.free > 0; });
         ++s.serving;
         --s.free;
         s.cv.notify_all();  // the next ticket may take another free slot
      }
      ~Slot()
      {
         {
            std::lock_guard<std::mutex> lock(s.m);
            ++s.free;
         }
         s.cv.notify_all();
      }
   };
   httplib::Server http;

   Impl(std::vector<Trial> t, std::shared_ptr<const Catalogue> c, ServeOptions o, LogSink l)
       : trials(std::move(t)), catalogue(c), lexicon(c), options(std::move(o)), hosts(options.bind, options.allowed_hosts), log(std::move(l))
   {
      routes();
      const std::size_t threads = options.threads ? options.threads : 256;
      http.new_task_queue = [threads] { return new ElasticPool(threads); };
      http.set_payload_max_length(options.body_limit);
      http.set_read_timeout(options.read_timeout_s, 0);
      http.set_write_timeout(options.write_timeout_s, 0);
      http.set_keep_alive_timeout(options.keep_alive_s);
      http.set_keep_alive_max_count(1000);
      // cpp-httplib 0.11 listens with a backlog of 5: under a burst of connections the kernel
      // drops the rest and clients wait for SYN retries (1 s, 3 s, 7 s). The listening socket is
      // noted here and given a real backlog after bind().
      http.set_socket_options([this](socket_t sock) {
         httplib::default_socket_options(sock);
         listen_fd = sock;
      });
   }

   int listen_fd = -1;

   const Trial* find(const std::string& id) const
   {
      for (const auto& t : trials)
         if (t.id == id) return &t;
      return nullptr;
   }

   // What an answer was screened with (docs/server.md, "Print"): Eligo's version, and each trial file's name and SHA-256.
   void stamp_check(json& j, const Trial& t) const
   {
      j["eligo_version"] = ELIGO_VERSION;
      j["trial_file"] = trial_file_json(t);
   }
   void stamp_screen(json& j) const
   {
      j["eligo_version"] = ELIGO_VERSION;
      for (auto& r : j["trials"])
         if (const Trial* t = find(r.at("trial").get<std::string>())) r["trial_file"] = trial_file_json(*t);
   }

   const Trial& trial_or_404(const std::string& id) const
   {
      if (const Trial* t = find(id)) return *t;
      throw HttpError{404, "unknown trial '" + id + "' (GET /api/trials lists them)", {{"part", "path"}, {"trial", id}}};
   }

   // The screening date: ?date=YYYY-MM-DD, else the patient's screening_date, else today.
   Date screening_date(const httplib::Request& req, const Patient& p) const
   {
      if (req.has_param("date")) {
         const std::string v = req.get_param_value("date");
         if (auto d = parse_date(v)) return *d;
         throw HttpError{400, "date: not a date: '" + v + "' (expected YYYY-MM-DD, a day that exists)", {{"part", "query"}, {"parameter", "date"}}};
      }
      return p.screening_date.value_or(today());
   }

   static void require_json(const httplib::Request& req)
   {
      if (json_content_type(req)) return;
      const std::string given = req.get_header_value("Content-Type");
      throw HttpError{415,
                      given.empty() ? std::string("no Content-Type: send the body as application/json (or application/fhir+json)")
                                    : "Content-Type must be application/json (or application/fhir+json), not '" + loggable(given) + "'",
                      {{"part", "header"}, {"header", "Content-Type"}}};
   }

   Patient read_body_patient(const std::string& body) const
   {
      try {
         return read_patient(body, "request body", *catalogue);
      }
      catch (const InputError& e) {
         throw HttpError{400, e.what(), input_where("body", e), e.plain};
      }
   }

   // A JSON body that is an object (the envelopes of /api/eval and /api/what-if/...).
   static nlohmann::json read_body_json(const std::string& text)
   {
      try {
         return parse_json_text(text, "request body");
      }
      catch (const InputError& e) {
         throw HttpError{400, e.what(), {{"part", "body"}}};
      }
   }

   // A what-if request (docs/server.md, "What-if"): {"patient": DOC, "changes": [...], "answers": [...]}. The patient is
   // read whole, as by /api/check; the answers (the native format's, docs/patient-format.md) are added to its own, and the
   // changes are applied to `changed`, a copy of it. `record` keeps the patient with its answers and without the changes.
   struct WhatIf {
      Patient record;
      Patient changed;
      std::vector<WhatIfChange> changes;
      Date date;
   };
   WhatIf read_what_if(const httplib::Request& req, const std::string& text) const
   {
      const nlohmann::json body = read_body_json(text);
      const char* shape = "expected {\"patient\": {...}, \"changes\": [...], \"answers\": [...]}";
      if (!body.is_object()) throw HttpError{400, std::string(shape), {{"part", "body"}}};
      for (const auto& [k, v] : body.items())
         if (k != "patient" && k != "changes" && k != "answers")
            throw HttpError{400, std::string(shape) + ": \"" + k + "\" is not one of them", {{"part", "body"}, {"field", k}}};
      if (!body.contains("patient")) throw HttpError{400, std::string(shape) + ": \"patient\" is missing", {{"part", "body"}, {"field", "patient"}}};
      WhatIf w;
      try {
         w.record = read_patient_document(body.at("patient"), "request body: patient", *catalogue);
      }
      catch (const InputError& e) {
         throw HttpError{400, e.what(), input_where("patient", e), e.plain};
      }
      if (auto a = body.find("answers"); a != body.end() && !a->is_null()) try {
            const Patient given = read_patient_document({{"id", w.record.id}, {"answers", *a}}, "request body", *catalogue);
            w.record.answers.insert(w.record.answers.end(), given.answers.begin(), given.answers.end());
         }
         catch (const InputError& e) {
            throw HttpError{400, e.what(), input_where("answers", e), e.plain};
         }
      w.date = screening_date(req, w.record);
      w.changed = w.record;
      try {
         w.changes = apply_what_if(w.changed, body.value("changes", nlohmann::json()), w.date, *catalogue);
      }
      catch (const InputError& e) {
         throw HttpError{400, e.what(), input_where("changes", e), e.plain};
      }
      return w;
   }

   HttpError too_large() const
   {
      char limit[64];
      std::snprintf(limit, sizeof limit, "%.3g MB", static_cast<double>(options.body_limit) / (1024.0 * 1024.0));
      return {413, std::string("request body too large: the limit is ") + limit + " (eligo serve --body-limit)", {{"part", "body"}}};
   }

   // The body, read here rather than by cpp-httplib: it limits a Content-Length body but not a
   // chunked one, so every body goes through this limit.
   // A body past the limit is read on and dropped (up to 64 MB more), so that a client that sends
   // its whole body before it reads gets the 413 rather than a reset connection.
   std::string read_body(const httplib::Request& req, const httplib::ContentReader& reader) const
   {
      const std::string length = req.get_header_value("Content-Length");
      const bool declared_over = !length.empty() && (length.size() > 18 || std::strtoull(length.c_str(), nullptr, 10) > options.body_limit);
      std::string body;
      std::size_t seen = 0;
      // With a declared length past the limit, cpp-httplib drops the body itself and reads no byte to us.
      const bool read = reader([&](const char* data, std::size_t n) {
         seen += n;
         if (seen <= options.body_limit) body.append(data, n);
         return seen <= options.body_limit + (std::size_t{64} << 20);
      });
      if (declared_over || seen > options.body_limit) throw too_large();
      if (!read) throw HttpError{400, "the request body could not be read (cut short, or a malformed chunk)", {{"part", "body"}}};
      return body;
   }

   // Runs a handler; every failure becomes a JSON error answer, never a crash.
   template <class F>
   static void run_guarded(httplib::Response& res, F&& f)
   {
      try {
         f();
      }
      catch (const HttpError& e) {
         send_error(res, e);
         // An answer given before the body was read (413, 415, 405): the connection cannot be reused.
         if (e.status == 413 || e.status == 415 || e.status == 405 || e.status == 404) res.set_header("Connection", "close");
      }
      catch (const InputError& e) {
         send_error(res, {400, e.what(), {{"part", "body"}}});
      }
      catch (const std::bad_alloc&) {
         send_error(res, {503, "out of memory for this request", json::object()});
      }
      catch (const std::exception& e) {
         send_error(res, {500, std::string("internal error: ") + e.what(), json::object()});
      }
   }

   template <class F>
   httplib::Server::Handler guarded(F f)
   {
      return [f](const httplib::Request& req, httplib::Response& res) { run_guarded(res, [&] { f(req, res); }); };
   }

   // A POST route: the content type is checked first, then the body is read within the limit.
   template <class F>
   httplib::Server::HandlerWithContentReader posted(F f)
   {
      return [this, f](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
         run_guarded(res, [&] {
            require_json(req);
            const std::string body = read_body(req, reader);
            f(req, body, res);
         });
      };
   }

   // A route that refuses the request: its body is read and dropped (up to the limit and 64 MB
   // more, never kept), so that the client reads the answer rather than a reset connection.
   httplib::Server::HandlerWithContentReader refuse(HttpError e)
   {
      return [this, e](const httplib::Request&, httplib::Response& res, const httplib::ContentReader& reader) {
         std::size_t seen = 0;
         reader([&](const char*, std::size_t n) { return (seen += n) <= options.body_limit + (std::size_t{64} << 20); });
         run_guarded(res, [&] { throw e; });
      };
   }

   void routes()
   {
      // Every answer, page or API: load nothing from elsewhere, never inside another site's frame,
      // no type guessing, no referrer.
      http.set_default_headers({{"Content-Security-Policy",
                                 "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
                                 "form-action 'self'"},
                                {"X-Content-Type-Options", "nosniff"},
                                {"X-Frame-Options", "DENY"},
                                {"Referrer-Policy", "no-referrer"}});
      auto page = [](const char* body, const char* type) {
         return [body, type](const httplib::Request&, httplib::Response& res) { res.set_content(body, type); };
      };
      http.Get("/", page(web_index_html, "text/html; charset=utf-8"));
      http.Get("/app.js", page(web_app_js, "text/javascript; charset=utf-8"));
      http.Get("/style.css", page(web_style_css, "text/css; charset=utf-8"));
      http.Get("/print.css", page(web_print_css, "text/css; charset=utf-8"));
      http.Get("/printout.js", page(web_printout_js, "text/javascript; charset=utf-8"));
      http.Get("/export.js", page(web_export_js, "text/javascript; charset=utf-8"));
      http.Get("/whatif.js", page(web_whatif_js, "text/javascript; charset=utf-8"));
      http.Get("/answers.js", page(web_answers_js, "text/javascript; charset=utf-8"));
      http.Get("/whatif.css", page(web_whatif_css, "text/css; charset=utf-8"));

      http.Get("/healthz", guarded([this](const httplib::Request&, httplib::Response& res) {
                  send_json(res, 200, {{"status", "ok"}, {"trials", trials.size()}});
               }));

      http.Get("/api/trials", guarded([this](const httplib::Request&, httplib::Response& res) {
                  json a = json::array();
                  for (const auto& t : trials) {
                     json x = {{"id", t.id}, {"title", t.title}, {"criteria", t.count_criteria()}, {"manual", t.count_manual()}};
                     if (t.criteria_partial) x["criteria_partial"] = true;
                     x["trial_file"] = trial_file_json(t);
                     a.push_back(x);
                  }
                  send_json(res, 200, {{"eligo_version", ELIGO_VERSION}, {"trials", a}});
               }));

      http.Get(R"(/api/trials/([^/]+))",
               guarded([this](const httplib::Request& req, httplib::Response& res) { send_json(res, 200, trial_json(trial_or_404(req.matches[1]))); }));

      http.Get("/api/inputs", guarded([this](const httplib::Request& req, httplib::Response& res) {
                  std::vector<const Trial*> all, ts;
                  for (const auto& t : trials) all.push_back(&t);
                  if (req.has_param("trial"))
                     ts.push_back(&trial_or_404(req.get_param_value("trial")));
                  else
                     ts = all;
                  send_json(res, 200, trial_inputs_json(ts, *catalogue, all));
               }));

      http.Post("/api/screen", posted([this](const httplib::Request& req, const std::string& body, httplib::Response& res) {
                   Slot slot(screening);
                   const Patient p = read_body_patient(body);
                   const Date date = screening_date(req, p);
                   std::vector<TrialResult> results;
                   results.reserve(trials.size());
                   for (const auto& t : trials) results.push_back(screen(t, p, date, *catalogue));
                   rank(results);  // as eligo screen orders them (docs/cli.md, "Text output")
                   json j = screen_json(p, date, results);
                   stamp_screen(j);
                   send_json(res, 200, j);
                }));

      http.Post(R"(/api/check/([^/]+))", posted([this](const httplib::Request& req, const std::string& body, httplib::Response& res) {
                   const Trial& t = trial_or_404(req.matches[1]);
                   Slot slot(screening);
                   const Patient p = read_body_patient(body);
                   const Date date = screening_date(req, p);
                   json j = check_json(p, date, screen(t, p, date, *catalogue));
                   stamp_check(j, t);
                   send_json(res, 200, j);
                }));

      // What-if: the same answers for the record with values changed, marked against the record's (docs/server.md).
      http.Post(R"(/api/what-if/check/([^/]+))", posted([this](const httplib::Request& req, const std::string& body, httplib::Response& res) {
                   const Trial& t = trial_or_404(req.matches[1]);
                   Slot slot(screening);
                   const WhatIf w = read_what_if(req, body);
                   json j = check_json(w.changed, w.date, screen(t, w.changed, w.date, *catalogue));
                   if (!w.changes.empty()) mark_what_if(j, check_json(w.record, w.date, screen(t, w.record, w.date, *catalogue)), w.changes);
                   stamp_check(j, t);
                   send_json(res, 200, j);
                }));
      http.Post("/api/what-if/screen", posted([this](const httplib::Request& req, const std::string& body, httplib::Response& res) {
                   Slot slot(screening);
                   const WhatIf w = read_what_if(req, body);
                   const auto all = [&](const Patient& p) {
                      std::vector<TrialResult> results;
                      results.reserve(trials.size());
                      for (const auto& t : trials) results.push_back(screen(t, p, w.date, *catalogue));
                      rank(results);
                      return screen_json(p, w.date, results);
                   };
                   json j = all(w.changed);
                   if (!w.changes.empty()) mark_what_if(j, all(w.record), w.changes);
                   stamp_screen(j);
                   send_json(res, 200, j);
                }));

      // A trial's questions as eligo questions --format fhir writes them: the page's answer fields.
      http.Get(R"(/api/questions/([^/]+))",
               guarded([this](const httplib::Request& req, httplib::Response& res) { send_json(res, 200, questionnaire_json(trial_or_404(req.matches[1]))); }));

      // Answers loaded from a file: QuestionnaireResponse resources (or a Bundle of them) -> the native answers.
      http.Post("/api/answers", posted([this](const httplib::Request&, const std::string& text, httplib::Response& res) {
                   const nlohmann::json body = read_body_json(text);
                   std::vector<const Trial*> all;
                   for (const auto& t : trials) all.push_back(&t);
                   try {
                      send_json(res, 200, {{"answers", read_questionnaire_responses(body, all, *catalogue)}});
                   }
                   catch (const InputError& e) {
                      throw HttpError{400, e.what(), input_where("body", e)};
                   }
                }));

      // The patient as the engine read it: eligo profile's JSON, and its text report (docs/server.md).
      http.Post("/api/profile", posted([this](const httplib::Request& req, const std::string& body, httplib::Response& res) {
                   Slot slot(screening);
                   const Patient p = read_body_patient(body);
                   const json profile = profile_json(p, screening_date(req, p));
                   std::ostringstream text;
                   print_profile_text(text, profile);
                   send_json(res, 200, {{"profile", profile}, {"text", text.str()}});
                }));

      http.Post(
          "/api/eval", posted([this](const httplib::Request& req, const std::string& text, httplib::Response& res) {
             Slot slot(screening);
             nlohmann::json body;
             try {
                body = parse_json_text(text, "request body");
             }
             catch (const InputError& e) {
                throw HttpError{400, e.what(), {{"part", "body"}}};
             }
             if (!body.is_object() || !body.contains("criterion") || !body["criterion"].is_string())
                throw HttpError{
                    400, "expected {\"criterion\": TEXT, \"patient\": {...}}: \"criterion\" must be a string", {{"part", "body"}, {"field", "criterion"}}};
             if (!body.contains("patient"))
                throw HttpError{400, "expected {\"criterion\": TEXT, \"patient\": {...}}: \"patient\" is missing", {{"part", "body"}, {"field", "patient"}}};
             const std::string criterion = body["criterion"].get<std::string>();
             const CriterionCompile cc = compile_criterion_text(criterion, lexicon);
             if (!cc.predicate) throw HttpError{400, cc.error, {{"part", "criterion"}, {"line", 1}, {"column", cc.column}, {"caret", cc.caret}}};
             Patient p;
             try {
                p = read_patient_document(body["patient"], "request body: patient", *catalogue);
             }
             catch (const InputError& e) {
                throw HttpError{400, e.what(), input_where("patient", e), e.plain};
             }
             const Date date = screening_date(req, p);
             json j = deceased_by(p, date) ? not_screenable_eval_json(p, date, *cc.predicate)
                                           : eval_json(evaluate(*cc.predicate, EvalContext{p, date, *catalogue, {}, std::nullopt, {}}), *cc.predicate);
             if (!cc.unread.empty()) j["unread"] = cc.unread;
             if (!cc.notes.empty()) j["notes"] = cc.notes;
             if (!cc.warnings.empty()) {
                j["warnings"] = json::array();
                for (const auto& w : cc.warnings) j["warnings"].push_back(w.message);
             }
             send_json(res, 200, j);
          }));

      // The API's paths with a method they do not take: 405, not 404.
      for (const char* p :
           {"/api/screen", R"(/api/check/([^/]+))", "/api/profile", "/api/eval", "/api/answers", "/api/what-if/screen", R"(/api/what-if/check/([^/]+))"})
         http.Get(p, guarded([](const httplib::Request&, httplib::Response&) { throw HttpError{405, "use POST with a JSON body", {{"part", "method"}}}; }));
      for (const char* p : {"/api/trials", R"(/api/trials/([^/]+))", "/api/inputs", "/healthz", R"(/api/questions/([^/]+))"})
         http.Post(p, refuse({405, "use GET", {{"part", "method"}}}));
      // Every other request with a body is answered without reading it (cpp-httplib would read a
      // chunked body of any size before finding no route).
      http.Post(".*", refuse({404, "no such path (the API is under /api/: docs/server.md)", {{"part", "path"}}}));
      http.Put(".*", refuse({405, "Eligo's API takes GET and POST only", {{"part", "method"}}}));
      http.Patch(".*", refuse({405, "Eligo's API takes GET and POST only", {{"part", "method"}}}));
      http.Delete(".*", refuse({405, "Eligo's API takes GET and POST only", {{"part", "method"}}}));

      // Errors httplib answers itself (no route, body too large, a malformed request) get a JSON body too.
      http.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
         if (!res.body.empty()) return;
         std::string message = reason_phrase(res.status);
         json where = json::object();
         if (res.status == 404) {
            message = "no such path: " + loggable(req.path) + " (the API is under /api/: docs/server.md)";
            where = {{"part", "path"}};
         }
         else if (res.status == 413) {
            message = too_large().message;
            where = {{"part", "body"}};
         }
         send_json(res, res.status, {{"error", message}, {"where", where}});
      });
      http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
         send_json(res, 500, {{"error", "internal error"}, {"where", json::object()}});
      });

      // Before any route, and before a body is read: the Host must be one of this server's names,
      // and an API call must carry the token when the server has one. The page itself holds no
      // patient data and is served without the token; it asks for the token once per tab.
      http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
         request_start = std::chrono::steady_clock::now();
         HttpError refused{0, {}, json::object()};
         if (!hosts.allows(req.get_header_value("Host")))
            refused = {421,
                       "Host '" + loggable(req.get_header_value("Host")) + "' is not a name of this server (it answers to " + hosts.describe() +
                           "; eligo serve --allow-host NAME adds one)",
                       {{"part", "header"}, {"header", "Host"}}};
         else if (!options.token.empty() && req.path.rfind("/api/", 0) == 0 && !bearer_matches(req.get_header_value("Authorization"), options.token)) {
            refused = {401,
                       req.has_header("Authorization")
                           ? "the bearer token is not this server's"
                           : "this server needs a token: send 'Authorization: Bearer TOKEN' (the token of eligo serve --token-file)",
                       {{"part", "header"}, {"header", "Authorization"}}};
            res.set_header("WWW-Authenticate", "Bearer realm=\"eligo\"");
         }
         if (refused.status == 0) return httplib::Server::HandlerResponse::Unhandled;
         send_error(res, refused);
         res.set_header("Connection", "close");  // a body, if any, was not read
         return httplib::Server::HandlerResponse::Handled;
      });
      http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
         const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - request_start).count();
         char when[32];
         const std::time_t now = std::time(nullptr);
         std::tm tm{};
         gmtime_r(&now, &tm);
         std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
         char dur[32];
         std::snprintf(dur, sizeof dur, "%.1fms", ms);
         std::ostringstream line;
         line << when << " " << req.remote_addr << " " << loggable(req.method) << " " << loggable(req.path) << " " << res.status << " " << res.body.size()
              << "B " << dur;
         std::lock_guard<std::mutex> lock(log_mutex);
         if (log) log(line.str());
      });
   }
};

Server::Server(std::vector<Trial> trials, std::shared_ptr<const Catalogue> catalogue, ServeOptions options, LogSink log)
    : impl_(std::make_unique<Impl>(std::move(trials), std::move(catalogue), std::move(options), log))
{}

Server::~Server() = default;

int Server::bind()
{
   const int port = impl_->options.port == 0 ? impl_->http.bind_to_any_port(impl_->options.bind)
                                             : (impl_->http.bind_to_port(impl_->options.bind, impl_->options.port) ? impl_->options.port : -1);
   if (port > 0 && impl_->listen_fd >= 0) ::listen(impl_->listen_fd, SOMAXCONN);
   if (port <= 0)
      throw InputError("cannot listen on " + impl_->options.bind + ":" + std::to_string(impl_->options.port) +
                       " (in use, not an address of this machine, or a port below 1024 without privileges)");
   return port;
}

bool Server::run() { return impl_->http.listen_after_bind(); }

void Server::stop() { impl_->http.stop(); }

}  // namespace eligo

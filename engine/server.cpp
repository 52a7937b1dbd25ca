#include "server.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <mutex>
#include <sstream>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "binder.hpp"
#include "report.hpp"

namespace eligo {

// The page (engine/web/), embedded at build time by engine/web/embed.cmake.
extern const char* const web_index_html;
extern const char* const web_app_js;
extern const char* const web_style_css;

namespace {

using json = nlohmann::ordered_json;

// An answer that is not a result: {"error": MESSAGE, "where": {...}} with its status.
struct HttpError {
   int status;
   std::string message;
   json where;
};

void send_json(httplib::Response& res, int status, const json& body)
{
   res.status = status;
   res.set_header("Cache-Control", "no-store");
   res.set_content(body.dump(2, ' ', false, json::error_handler_t::replace) + "\n", "application/json; charset=utf-8");
}

void send_error(httplib::Response& res, const HttpError& e)
{
   send_json(res, e.status, {{"error", e.message}, {"where", e.where}});
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

}  // namespace

struct Server::Impl {
   std::vector<Trial> trials;
   std::shared_ptr<const Catalogue> catalogue;
   CatalogueLexicon lexicon;
   ServeOptions options;
   LogSink log;
   std::mutex log_mutex;
   httplib::Server http;

   Impl(std::vector<Trial> t, std::shared_ptr<const Catalogue> c, ServeOptions o, LogSink l)
       : trials(std::move(t)), catalogue(c), lexicon(c), options(std::move(o)), log(std::move(l))
   {
      routes();
      const unsigned threads = options.threads ? options.threads : std::max(32u, 8 * std::max(1u, std::thread::hardware_concurrency()));
      http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
      http.set_payload_max_length(options.body_limit);
      http.set_read_timeout(options.read_timeout_s, 0);
      http.set_write_timeout(options.write_timeout_s, 0);
      http.set_keep_alive_timeout(options.keep_alive_s);
      http.set_keep_alive_max_count(100);
   }

   const Trial* find(const std::string& id) const
   {
      for (const auto& t : trials)
         if (t.id == id) return &t;
      return nullptr;
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

   Patient read_body_patient(const httplib::Request& req) const
   {
      require_json(req);
      try {
         return read_patient(req.body, "request body", *catalogue);
      }
      catch (const InputError& e) {
         throw HttpError{400, e.what(), {{"part", "body"}}};
      }
   }

   // Runs a handler; every failure becomes a JSON error answer, never a crash.
   template <class F>
   httplib::Server::Handler guarded(F f)
   {
      return [f](const httplib::Request& req, httplib::Response& res) {
         try {
            f(req, res);
         }
         catch (const HttpError& e) {
            send_error(res, e);
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
      };
   }

   void routes()
   {
      auto page = [](const char* body, const char* type) {
         return [body, type](const httplib::Request&, httplib::Response& res) {
            res.set_header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'");
            res.set_header("X-Content-Type-Options", "nosniff");
            res.set_content(body, type);
         };
      };
      http.Get("/", page(web_index_html, "text/html; charset=utf-8"));
      http.Get("/app.js", page(web_app_js, "text/javascript; charset=utf-8"));
      http.Get("/style.css", page(web_style_css, "text/css; charset=utf-8"));

      http.Get("/healthz", guarded([this](const httplib::Request&, httplib::Response& res) {
                  send_json(res, 200, {{"status", "ok"}, {"trials", trials.size()}});
               }));

      http.Get("/api/trials", guarded([this](const httplib::Request&, httplib::Response& res) {
                  json a = json::array();
                  for (const auto& t : trials)
                     a.push_back({{"id", t.id}, {"title", t.title}, {"criteria", t.count_criteria()}, {"manual", t.count_manual()}});
                  send_json(res, 200, {{"trials", a}});
               }));

      http.Get(R"(/api/trials/([^/]+))", guarded([this](const httplib::Request& req, httplib::Response& res) {
                  send_json(res, 200, trial_json(trial_or_404(req.matches[1])));
               }));

      http.Get("/api/inputs", guarded([this](const httplib::Request& req, httplib::Response& res) {
                  std::vector<const Trial*> ts;
                  if (req.has_param("trial"))
                     ts.push_back(&trial_or_404(req.get_param_value("trial")));
                  else
                     for (const auto& t : trials) ts.push_back(&t);
                  send_json(res, 200, trial_inputs_json(ts, *catalogue));
               }));

      http.Post("/api/screen", guarded([this](const httplib::Request& req, httplib::Response& res) {
                   const Patient p = read_body_patient(req);
                   const Date date = screening_date(req, p);
                   std::vector<TrialResult> results;
                   results.reserve(trials.size());
                   for (const auto& t : trials) results.push_back(screen(t, p, date, *catalogue));
                   send_json(res, 200, screen_json(p, date, results));
                }));

      http.Post(R"(/api/check/([^/]+))", guarded([this](const httplib::Request& req, httplib::Response& res) {
                   const Trial& t = trial_or_404(req.matches[1]);
                   const Patient p = read_body_patient(req);
                   const Date date = screening_date(req, p);
                   send_json(res, 200, check_json(p, date, screen(t, p, date, *catalogue)));
                }));

      http.Post("/api/eval", guarded([this](const httplib::Request& req, httplib::Response& res) {
                   require_json(req);
                   nlohmann::json body;
                   try {
                      body = parse_json_text(req.body, "request body");
                   }
                   catch (const InputError& e) {
                      throw HttpError{400, e.what(), {{"part", "body"}}};
                   }
                   if (!body.is_object() || !body.contains("criterion") || !body["criterion"].is_string())
                      throw HttpError{400, "expected {\"criterion\": TEXT, \"patient\": {...}}: \"criterion\" must be a string",
                                      {{"part", "body"}, {"field", "criterion"}}};
                   if (!body.contains("patient"))
                      throw HttpError{400, "expected {\"criterion\": TEXT, \"patient\": {...}}: \"patient\" is missing", {{"part", "body"}, {"field", "patient"}}};
                   const std::string text = body["criterion"].get<std::string>();
                   const CriterionCompile cc = compile_criterion_text(text, lexicon);
                   if (!cc.predicate)
                      throw HttpError{400, cc.error, {{"part", "criterion"}, {"line", 1}, {"column", cc.column}, {"caret", cc.caret}}};
                   Patient p;
                   try {
                      p = read_patient_document(body["patient"], "request body: patient", *catalogue);
                   }
                   catch (const InputError& e) {
                      throw HttpError{400, e.what(), {{"part", "patient"}}};
                   }
                   const Date date = screening_date(req, p);
                   const Outcome o = evaluate(*cc.predicate, EvalContext{p, date, *catalogue, {}, std::nullopt, {}});
                   json j = eval_json(o, *cc.predicate);
                   if (!cc.warnings.empty()) {
                      j["warnings"] = json::array();
                      for (const auto& w : cc.warnings) j["warnings"].push_back(w.message);
                   }
                   send_json(res, 200, j);
                }));

      // The API's paths with a method they do not take: 405, not 404.
      for (const char* p : {"/api/screen", R"(/api/check/([^/]+))", "/api/eval"})
         http.Get(p, guarded([](const httplib::Request&, httplib::Response&) {
            throw HttpError{405, "use POST with a JSON body", {{"part", "method"}}};
         }));
      for (const char* p : {"/api/trials", R"(/api/trials/([^/]+))", "/api/inputs", "/healthz"})
         http.Post(p, guarded([](const httplib::Request&, httplib::Response&) {
            throw HttpError{405, "use GET", {{"part", "method"}}};
         }));

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
            char limit[64];
            std::snprintf(limit, sizeof limit, "%.3g MB", static_cast<double>(options.body_limit) / (1024.0 * 1024.0));
            message = std::string("request body too large: the limit is ") + limit + " (eligo serve --body-limit)";
            where = {{"part", "body"}};
         }
         send_json(res, res.status, {{"error", message}, {"where", where}});
      });
      http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
         send_json(res, 500, {{"error", "internal error"}, {"where", json::object()}});
      });

      http.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
         request_start = std::chrono::steady_clock::now();
         return httplib::Server::HandlerResponse::Unhandled;
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
   if (port <= 0)
      throw InputError("cannot listen on " + impl_->options.bind + ":" + std::to_string(impl_->options.port) +
                       " (in use, not an address of this machine, or a port below 1024 without privileges)");
   return port;
}

bool Server::run() { return impl_->http.listen_after_bind(); }

void Server::stop() { impl_->http.stop(); }

}  // namespace eligo

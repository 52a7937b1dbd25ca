#include "grammar/syntax.hpp"

#include <sstream>

namespace eligo::syntax {

const char* symbol(Comparator c)
{
   switch (c) {
      case Comparator::ge: return "≥";
      case Comparator::gt: return ">";
      case Comparator::le: return "≤";
      case Comparator::lt: return "<";
      case Comparator::eq: return "=";
      case Comparator::ne: return "≠";
   }
   return "?";
}

namespace {

std::string quote(const std::string& s) { return "\"" + s + "\""; }

std::string quantity(const Quantity& q)
{
   std::string s = q.number.text;
   if (!q.unit.empty()) s += " " + quote(q.unit);
   return s;
}

}  // namespace

std::string to_string(const Node& n)
{
   std::ostringstream o;
   switch (n.kind) {
      case Node::Kind::all:
      case Node::Kind::any:
      case Node::Kind::negate:
         // "(list …)": joined by commas alone; "(must-not …)": a negation written as a requirement; "(excluded …)": a line that says
         // whom it excludes; "e.g.": the examples of the head.
         // "(for (sex male) …)": a test for one sex; "(by-sex …)": limits by sex, however the text joins them.
         o << "("
           << (n.sex_scoped                ? "for"
               : n.sex_partition           ? "by-sex"
               : n.kind == Node::Kind::all ? (n.unjoined ? "list" : "and")
               : n.kind == Node::Kind::any ? "or"
               : n.requirement             ? "must-not"
               : n.stated_exclusion        ? "excluded"
                                           : "not");
         for (std::size_t i = 0; i < n.children.size(); ++i) o << (n.head_items && i == n.head_items ? " e.g. " : " ") << to_string(n.children[i]);
         o << ")";
         break;
      case Node::Kind::quantifier:
         o << "(" << (n.quant == Node::Quant::any ? "any-of" : n.quant == Node::Quant::all ? "all-of" : "none-of");
         if (n.children.empty()) o << " <nested>";
         for (const auto& c : n.children) o << " " << to_string(c);
         o << ")";
         break;
      case Node::Kind::measure:
      case Node::Kind::score: {
         o << "(" << (n.kind == Node::Kind::measure ? "measure" : "score") << " ";
         if (n.subjects.size() > 1) o << (n.subjects_any ? "any[" : "all[");
         for (std::size_t i = 0; i < n.subjects.size(); ++i) o << (i ? " " : "") << quote(n.subjects[i]);
         if (n.subjects.size() > 1) o << "]";
         switch (n.test) {
            case Node::Test::compare:
               o << " " << symbol(n.op) << " ";
               if (n.kind == Node::Kind::score)
                  o << (n.labels.empty() ? "?" : n.labels[0]);
               else
                  o << quantity(n.value);
               if (n.alternative) o << " (" << (n.alternative_op ? std::string(symbol(*n.alternative_op)) + " " : "") << quantity(*n.alternative) << ")";
               break;
            case Node::Test::range:
               o << " range " << quantity(n.value) << (n.low_open ? " <.." : " ..") << (n.high_open ? "< " : " ") << quantity(n.high);
               break;
            case Node::Test::relative: o << " " << symbol(n.op) << " " << n.value.number.text << (n.upper ? " ULN" : " LLN"); break;
            case Node::Test::within_normal: o << " within-normal"; break;
            case Node::Test::labels:
               o << " in";
               for (const auto& l : n.labels) o << " " << l;
               break;
            case Node::Test::label_range: o << " range " << n.labels.at(0) << " .. " << n.labels.at(1); break;
         }
         if (n.assessed) o << " assessed within " << n.assessed->amount.number.text << " " << n.assessed->amount.unit << " of " << quote(n.assessed->moment);
         o << ")";
         break;
      }
      case Node::Kind::sex: o << "(sex " << n.sex << ")"; break;
      case Node::Kind::manual: o << "(manual)"; break;
      case Node::Kind::lab_window: o << "(labs within " << n.window->amount.number.text << " " << n.window->amount.unit << ")"; break;
      case Node::Kind::fact:
         o << "(" << (n.allergy ? "allergy " : "fact ") << (n.other ? "other " : "") << quote(n.concept_);
         if (n.window) {
            o << (n.window->kind == Window::Kind::within ? " within " : " since ") << symbol(n.window->op) << " " << n.window->amount.number.text << " "
              << n.window->amount.unit;
         }
         if (n.after) {
            if (n.after->op) o << " " << symbol(*n.after->op) << " " << n.after->amount.number.text << " " << n.after->amount.unit;
            o << (n.after->event.empty() ? " postoperative" : " after " + quote(n.after->event));
         }
         for (const auto& e : n.except) o << " except " << quote(e);
         if (n.current) o << " current";
         for (const auto& q : n.qualifiers) o << " qualified " << quote(q);
         o << ")";
         break;
   }
   return o.str();
}

}  // namespace eligo::syntax

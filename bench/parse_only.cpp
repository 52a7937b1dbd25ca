// The parse-only baseline of bench/batch.sh: how fast a population NDJSON can be parsed at all.
// Parses every record with simdjson (the parser `eligo batch` reads with) and touches every field
// of it, each string's bytes and each number, so that nothing is skipped; screens nothing, writes
// nothing but a checksum. Eligo's batch time over this time is how close it is to the limit the
// parsing sets.
//
//   parse_only POPULATION.ndjson [THREADS]
//
// Built by bench/batch.sh (g++ -O3, Debian's libsimdjson-dev), not by the project's CMake build.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <thread>
#include <vector>

#include <simdjson.h>

namespace {

struct Tally {
   std::uint64_t records = 0, errors = 0, fields = 0, bytes = 0;
   double numbers = 0;
};

void touch(simdjson::dom::element e, Tally& t)
{
   switch (e.type()) {
      case simdjson::dom::element_type::OBJECT:
         for (auto field : simdjson::dom::object(e)) {
            ++t.fields;
            t.bytes += field.key.size();
            touch(field.value, t);
         }
         break;
      case simdjson::dom::element_type::ARRAY:
         for (auto item : simdjson::dom::array(e)) touch(item, t);
         break;
      case simdjson::dom::element_type::STRING: t.bytes += std::string_view(e).size(); break;
      case simdjson::dom::element_type::INT64: t.numbers += static_cast<double>(std::int64_t(e)); break;
      case simdjson::dom::element_type::UINT64: t.numbers += static_cast<double>(std::uint64_t(e)); break;
      case simdjson::dom::element_type::DOUBLE: t.numbers += double(e); break;
      case simdjson::dom::element_type::BOOL: t.numbers += bool(e) ? 1 : 0; break;
      case simdjson::dom::element_type::NULL_VALUE: break;
   }
}

// Parses the records in [begin, end), which starts at a line start and ends after a newline (or at the end).
void parse_range(const char* begin, const char* end, Tally& t)
{
   simdjson::dom::parser parser;
   for (const char* p = begin; p < end;) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      const char* stop = nl ? nl : end;
      if (stop > p) {
         simdjson::dom::element doc;
         // One record at a time, as eligo batch reads them (a bad record is one error, never the end of the run).
         if (parser.parse(p, static_cast<std::size_t>(stop - p), true).get(doc) == simdjson::SUCCESS) {
            ++t.records;
            touch(doc, t);
         }
         else
            ++t.errors;
      }
      p = stop + 1;
   }
}

}  // namespace

int main(int argc, char** argv)
{
   if (argc < 2) {
      std::fprintf(stderr, "usage: parse_only POPULATION.ndjson [THREADS]\n");
      return 2;
   }
   const unsigned threads = argc > 2 ? static_cast<unsigned>(std::max(1, std::atoi(argv[2]))) : 1;
   const int fd = open(argv[1], O_RDONLY);
   struct stat st {};
   if (fd < 0 || fstat(fd, &st) != 0) {
      std::perror(argv[1]);
      return 1;
   }
   const std::size_t size = static_cast<std::size_t>(st.st_size);
   if (size == 0) {
      std::printf("parse_only: 0 records\n");
      return 0;
   }
   // Each record is copied into simdjson's padded buffer as it is parsed (realloc_if_needed), as eligo batch's records are.
   const std::size_t mapped = size;
   void* m = mmap(nullptr, mapped, PROT_READ, MAP_PRIVATE, fd, 0);
   if (m == MAP_FAILED) {
      std::perror("mmap");
      return 1;
   }
   const char* data = static_cast<const char*>(m);
   std::vector<const char*> cuts{data};
   for (unsigned i = 1; i < threads; ++i) {
      const char* guess = data + size * i / threads;
      const char* nl = static_cast<const char*>(std::memchr(guess, '\n', static_cast<std::size_t>(data + size - guess)));
      cuts.push_back(nl ? nl + 1 : data + size);
   }
   cuts.push_back(data + size);
   std::vector<Tally> tallies(threads);
   std::vector<std::thread> pool;
   for (unsigned i = 0; i < threads; ++i) pool.emplace_back(parse_range, cuts[i], cuts[i + 1], std::ref(tallies[i]));
   for (auto& t : pool) t.join();
   Tally all;
   for (const auto& t : tallies) {
      all.records += t.records;
      all.errors += t.errors;
      all.fields += t.fields;
      all.bytes += t.bytes;
      all.numbers += t.numbers;
   }
   std::printf("parse_only: %llu records, %llu errors, %llu fields, %llu string bytes, checksum %.6g\n", static_cast<unsigned long long>(all.records),
               static_cast<unsigned long long>(all.errors), static_cast<unsigned long long>(all.fields), static_cast<unsigned long long>(all.bytes),
               all.numbers);
   munmap(m, mapped);
   close(fd);
   return 0;
}

// Replays fuzz inputs without libFuzzer (the normal g++ build): calls
// LLVMFuzzerTestOneInput on each file given, or on every file of each folder given.
// A crash, a sanitizer report or an escaping exception fails the CTest test.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv)
{
   namespace fs = std::filesystem;
   std::vector<fs::path> files;
   for (int i = 1; i < argc; ++i) {
      const fs::path arg = argv[i];
      if (fs::is_directory(arg)) {
         for (const auto& e : fs::directory_iterator(arg))
            if (e.is_regular_file()) files.push_back(e.path());
      }
      else if (fs::is_regular_file(arg))
         files.push_back(arg);
      else {
         std::fprintf(stderr, "replay: no such file or folder: %s\n", argv[i]);
         return 2;
      }
   }
   std::sort(files.begin(), files.end());
   for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      std::printf("replay: %s (%zu bytes)\n", f.filename().c_str(), bytes.size());
      std::fflush(stdout);
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
   }
   std::printf("replay: %zu inputs, no failure\n", files.size());
   return 0;
}

#include "engine/core/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <streambuf>
#include <vector>

#include "engine/core/error.hpp"

namespace eligo {

namespace {

// A plain buffered stream over a file descriptor; remembers the first write error.
class FdBuf : public std::streambuf {
public:
   explicit FdBuf(int fd) : fd_(fd), buf_(1 << 20) { setp(buf_.data(), buf_.data() + buf_.size()); }
   int error() const { return error_; }

protected:
   int_type overflow(int_type ch) override
   {
      if (!drain()) return traits_type::eof();
      if (!traits_type::eq_int_type(ch, traits_type::eof())) {
         *pptr() = traits_type::to_char_type(ch);
         pbump(1);
      }
      return traits_type::not_eof(ch);
   }
   int sync() override { return drain() ? 0 : -1; }

private:
   bool drain()
   {
      const char* p = pbase();
      while (p < pptr()) {
         const ssize_t n = ::write(fd_, p, static_cast<std::size_t>(pptr() - p));
         if (n < 0) {
            if (errno == EINTR) continue;
            if (!error_) error_ = errno;
            return false;
         }
         p += n;
      }
      setp(buf_.data(), buf_.data() + buf_.size());
      return true;
   }
   int fd_;
   std::vector<char> buf_;
   int error_ = 0;
};

}  // namespace

struct AtomicFile::Impl {
   std::string path;
   std::string named;  // the fallback's temporary name; empty with O_TMPFILE
   int fd = -1;
   std::unique_ptr<FdBuf> buf;
   std::unique_ptr<std::ostream> out;
   bool committed = false;
};

AtomicFile::AtomicFile(std::string path) : impl_(std::make_unique<Impl>())
{
   impl_->path = std::move(path);
   namespace fs = std::filesystem;
   const fs::path target(impl_->path);
   const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
#ifdef O_TMPFILE
   impl_->fd = ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
#endif
   if (impl_->fd < 0) {
      impl_->named = impl_->path + ".tmp." + std::to_string(::getpid());
      impl_->fd = ::open(impl_->named.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0644);
   }
   if (impl_->fd < 0) throw InputError(impl_->path + ": cannot write: " + std::strerror(errno));
   impl_->buf = std::make_unique<FdBuf>(impl_->fd);
   impl_->out = std::make_unique<std::ostream>(impl_->buf.get());
}

AtomicFile::~AtomicFile()
{
   if (impl_->fd >= 0) ::close(impl_->fd);
   if (!impl_->committed && !impl_->named.empty()) ::unlink(impl_->named.c_str());
}

std::ostream& AtomicFile::stream() { return *impl_->out; }

void AtomicFile::commit()
{
   impl_->out->flush();
   const auto fail = [&](int err) { throw InputError(impl_->path + ": cannot write: " + std::strerror(err)); };
   if (impl_->buf->error()) fail(impl_->buf->error());
   if (!*impl_->out) fail(EIO);
   if (::fsync(impl_->fd) != 0) fail(errno);
   std::string from = impl_->named;
   if (from.empty()) {
      // Give the unnamed file a name beside the target, then rename it over the target.
      from = impl_->path + ".tmp." + std::to_string(::getpid());
      ::unlink(from.c_str());
      const std::string proc = "/proc/self/fd/" + std::to_string(impl_->fd);
      if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, from.c_str(), AT_SYMLINK_FOLLOW) != 0) fail(errno);
   }
   if (::rename(from.c_str(), impl_->path.c_str()) != 0) {
      const int err = errno;
      ::unlink(from.c_str());
      fail(err);
   }
   impl_->committed = true;
   // The rename itself is made durable by syncing the folder.
   namespace fs = std::filesystem;
   const fs::path target(impl_->path);
   const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
   const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
   if (dfd >= 0) {
      ::fsync(dfd);
      ::close(dfd);
   }
}

}  // namespace eligo

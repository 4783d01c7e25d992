#include "internal/staged_directory.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cxscore/error.hpp"

namespace cxscore::detail {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view new_infix = ".cxscore-new-", old_infix = ".cxscore-old-";

// The kill-at-every-step tests stop the process here: CXSCORE_TEST_CRASH_AT names the step.
void crash_point(std::string_view step) {
  static const char* const at = std::getenv("CXSCORE_TEST_CRASH_AT");
  if (at != nullptr && step == at) ::raise(SIGKILL);
}

[[noreturn]] void fail_io(const fs::path& p, const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what + " " + p.string());
}

void fsync_path(const fs::path& p, bool directory) {
  const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0));
  if (fd < 0) fail_io(p, "cannot open");
  const int rc = ::fsync(fd);
  const int saved = errno;
  ::close(fd);
  // Some filesystems cannot sync a directory; the rename is still atomic there, only less durable.
  if (rc != 0 && !(directory && (saved == EINVAL || saved == EROFS))) {
    errno = saved;
    fail_io(p, "cannot flush");
  }
}

std::string random_tag() {
  std::random_device device;
  const unsigned long long v = (static_cast<unsigned long long>(device()) << 32) ^ device();
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", v);
  return text;
}

struct manifest {
  std::string command;
  std::set<std::string> files;
};

// The manifest in `dir`, or false when there is none or it is not one cxscore wrote.
bool read_manifest(const fs::path& dir, manifest& m) {
  std::ifstream in(dir / run_manifest_name, std::ios::binary);
  std::string line;
  if (!in || !std::getline(in, line) || line != "cxscore-run 1") return false;
  while (std::getline(in, line)) {
    if (line.rfind("command ", 0) == 0)
      m.command = line.substr(8);
    else if (line.rfind("file ", 0) == 0)
      m.files.insert(line.substr(5));
  }
  return !m.command.empty();
}

// Whether `dir` is the root of a mounted filesystem (a bind mount included): rename(2) cannot move it.
bool is_mount_point(const fs::path& dir) {
#if defined(__linux__) && defined(STATX_ATTR_MOUNT_ROOT)
  struct statx x {};
  if (::statx(AT_FDCWD, dir.c_str(), 0, STATX_BASIC_STATS, &x) == 0 && (x.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT))
    return (x.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
#endif
  struct stat self {
  }, parent{};
  return ::stat(dir.c_str(), &self) == 0 && ::stat(dir.parent_path().c_str(), &parent) == 0 &&
         self.st_dev != parent.st_dev;
}

enum class target_state { absent, empty, earlier_run };

// Whether `target` may be replaced by an output of `command`; throws when not.
target_state check_replaceable(const fs::path& shown, const fs::path& target, const std::string& command) {
  const auto status = fs::symlink_status(target);
  if (!fs::exists(status)) return target_state::absent;
  const auto refuse = [&](const std::string& why) {
    fail({shown.string(), 0, "", ""}, why +
                                          "; cxscore replaces an output folder as a whole, so it refuses to "
                                          "replace this one: choose another --out folder or remove it");
  };
  if (!fs::is_directory(status)) refuse("exists and is not a folder");
  if (is_mount_point(target)) refuse("is a mount point, which cannot be replaced by renaming it");
  if (fs::is_empty(target)) return target_state::empty;
  manifest m;
  if (!read_manifest(target, m))
    refuse("is not empty and was not written by cxscore (it has no " + std::string(run_manifest_name) + ")");
  if (m.command != command) refuse("holds the output of 'cxscore " + m.command + "', not of 'cxscore " + command + "'");
  for (const auto& entry : fs::directory_iterator(target)) {
    const std::string name = entry.path().filename().string();
    if (name != run_manifest_name && m.files.count(name) == 0)
      refuse("holds '" + name + "', which cxscore did not write there");
  }
  return target_state::earlier_run;
}

// Whether a process with this id runs (one of another user counts: kill() then says EPERM).
bool alive(long pid) { return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH); }

// Removes the siblings of `target` that killed runs left: named by this scheme, their process gone and
// their lock free (so neither a live run in another PID namespace nor one that reused the id loses its own).
void remove_leftovers(const fs::path& target) {
  const std::string base = target.filename().string();
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(target.parent_path(), ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() <= base.size() || name.compare(0, base.size(), base) != 0) continue;
    const std::string_view rest = std::string_view(name).substr(base.size());
    if (rest.substr(0, new_infix.size()) != new_infix && rest.substr(0, old_infix.size()) != old_infix) continue;
    const std::string tail(rest.substr(new_infix.size()));  // both infixes are as long
    char* end = nullptr;
    const long pid = std::strtol(tail.c_str(), &end, 10);
    if (end == tail.c_str() || *end != '-' || pid == ::getpid() || alive(pid)) continue;
    const int fd = ::open(entry.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) continue;
    const bool free = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
    ::close(fd);
    std::error_code ignored;
    if (free) fs::remove_all(entry.path(), ignored);
  }
}

// Swaps `a` and `b` in one step; false where the kernel or filesystem cannot.
bool exchange(const fs::path& a, const fs::path& b) {
#if defined(__linux__) && defined(RENAME_EXCHANGE)
  if (std::getenv("CXSCORE_TEST_NO_EXCHANGE") == nullptr) {
    if (::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0) return true;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) fail_io(b, "cannot replace");
  }
#else
  (void)a;
  (void)b;
#endif
  return false;
}

// Removes a folder entry by entry, so that the tests can stop the process halfway.
void remove_old(const fs::path& old) {
  std::error_code ignored;
  bool first = true;
  for (const auto& entry : fs::directory_iterator(old, ignored)) {
    fs::remove_all(entry.path(), ignored);
    if (first) crash_point("removing");
    first = false;
  }
  fs::remove(old, ignored);
}

}  // namespace

staged_directory::staged_directory(fs::path dir, std::string command)
    : m_dir(std::move(dir)), m_command(std::move(command)) {
  m_target = fs::absolute(m_dir).lexically_normal();
  if (!m_target.has_filename()) m_target = m_target.parent_path();   // "out/" names the folder "out"
  if (fs::is_symlink(m_target)) m_target = fs::canonical(m_target);  // replace what the link points to
  if (!m_target.has_filename() || m_target == m_target.root_path())
    fail({m_dir.string(), 0, "", ""}, "cannot be an output folder");
  check_replaceable(m_dir, m_target, m_command);
  fs::create_directories(m_target.parent_path());
  remove_leftovers(m_target);
  const std::string prefix = m_target.filename().string() + std::string(new_infix) + std::to_string(::getpid()) + "-";
  for (;;) {
    m_staging = m_target.parent_path() / (prefix + random_tag());
    if (fs::create_directory(m_staging)) break;
  }
  m_lock = ::open(m_staging.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (m_lock >= 0) ::flock(m_lock, LOCK_EX | LOCK_NB);
  crash_point("staging");
}

staged_directory::~staged_directory() {
  std::error_code ignored;
  if (!m_committed) fs::remove_all(m_staging, ignored);
  if (m_lock >= 0) ::close(m_lock);
}

fs::path staged_directory::stage(const std::string& name) {
  if (std::find(m_names.begin(), m_names.end(), name) == m_names.end()) m_names.push_back(name);
  return m_staging / name;
}

void staged_directory::write(const std::string& name, std::string_view content) {
  write_in_pieces(name, [&](const std::function<void(std::string_view)>& put) { put(content); });
}

void staged_directory::write_in_pieces(
    const std::string& name, const std::function<void(const std::function<void(std::string_view)>& put)>& write_all) {
  const auto path = stage(name);
  std::ofstream out(path, std::ios::binary);
  write_all([&](std::string_view piece) { out.write(piece.data(), static_cast<std::streamsize>(piece.size())); });
  out.close();
  if (!out) throw std::runtime_error("cannot write " + (m_dir / name).string());
  crash_point("write:" + name);
}

void staged_directory::commit() {
  std::ostringstream text;
  text << "cxscore-run 1\ncommand " << m_command << '\n';
  for (const auto& name : m_names) {
    fsync_path(m_staging / name, false);
    text << "file " << name << '\n';
  }
  {
    const auto path = m_staging / run_manifest_name;
    std::ofstream out(path, std::ios::binary);
    out << text.str();
    out.close();
    if (!out) throw std::runtime_error("cannot write " + (m_dir / run_manifest_name).string());
    fsync_path(path, false);
  }
  fsync_path(m_staging, true);
  crash_point("synced");

  // Checked again: DIR may have changed while the results were computed.
  const auto state = check_replaceable(m_dir, m_target, m_command);
  fs::path old;
  if (state != target_state::earlier_run) {
    // rename(2) takes an absent or empty DIR's place in one step (and fails if DIR filled up meanwhile).
    if (::rename(m_staging.c_str(), m_target.c_str()) != 0) fail_io(m_dir, "cannot write");
  } else if (exchange(m_staging, m_target)) {
    old = m_staging;  // now holds the earlier run
  } else {
    // Without an exchange: DIR is briefly absent (the earlier run sits in DIR.cxscore-old-*) between the two
    // renames; a kill there leaves no DIR, never a mixed one.
    old = m_target.parent_path() /
          (m_target.filename().string() + std::string(old_infix) + std::to_string(::getpid()) + "-" + random_tag());
    if (::rename(m_target.c_str(), old.c_str()) != 0) fail_io(m_dir, "cannot move aside");
    crash_point("aside");
    if (::rename(m_staging.c_str(), m_target.c_str()) != 0) {
      const int saved = errno;
      ::rename(old.c_str(), m_target.c_str());  // the earlier run back in place
      errno = saved;
      fail_io(m_dir, "cannot write");
    }
  }
  m_committed = true;
  fsync_path(m_target.parent_path(), true);
  crash_point("swapped");
  if (!old.empty()) remove_old(old);
}

}  // namespace cxscore::detail

// Runs a host program with a given environment and cwd, capturing stdout, stderr and the exit
// status (128+N for a signal), killed after a timeout: the oracle shells and `wask sh`.
#pragma once

#include <string>
#include <vector>

namespace wask::sh_test {

struct ProcessResult {
  int status = -1;
  std::string out, err;
  bool timed_out = false;
};

ProcessResult run_process(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                          const std::string& cwd, const std::string& stdin_text = {},
                          int timeout_seconds = 20);

// A fresh host directory, removed with everything in it at the end.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace wask::sh_test

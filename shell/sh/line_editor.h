// The interactive prompt's line editor: raw terminal mode (termios), cursor movement, history.
// Keys: printable text, Backspace, Delete, Left/Right, Home/End, Ctrl-A/E/K/U/W, Up/Down for
// history, Ctrl-C to drop the line, Ctrl-D at an empty line for end of input.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace wask::shell::sh {

class LineEditor {
 public:
  LineEditor(int in_fd, int out_fd) : in_(in_fd), out_(out_fd) {}
  // The line typed (without its newline); nullopt at end of input.
  std::optional<std::string> read_line(const std::string& prompt);
  void add_history(std::string line);

 private:
  int in_, out_;
  std::vector<std::string> history_;
};

}  // namespace wask::shell::sh

// Redraws the whole line after each key: simple and always right for one-line input.
#include "shell/sh/line_editor.h"

#include <termios.h>
#include <unistd.h>

namespace wask::shell::sh {

namespace {

// Raw mode for the life of the object; the terminal's settings come back after.
class RawMode {
 public:
  explicit RawMode(int fd) : fd_(fd) {
    if (::tcgetattr(fd, &saved_) != 0) return;
    termios raw = saved_;
    raw.c_lflag &= ~(ECHO | ICANON | ISIG | IEXTEN);
    raw.c_iflag &= ~(IXON | ICRNL);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    active_ = ::tcsetattr(fd, TCSADRAIN, &raw) == 0;
  }
  ~RawMode() {
    if (active_) ::tcsetattr(fd_, TCSADRAIN, &saved_);
  }
  bool active() const { return active_; }

 private:
  int fd_;
  termios saved_{};
  bool active_ = false;
};

void put(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) return;
    done += size_t(n);
  }
}

}  // namespace

void LineEditor::add_history(std::string line) {
  if (line.empty() || (!history_.empty() && history_.back() == line)) return;
  history_.push_back(std::move(line));
  if (history_.size() > 1000) history_.erase(history_.begin());
}

std::optional<std::string> LineEditor::read_line(const std::string& prompt) {
  RawMode raw(in_);
  std::string line;
  size_t cursor = 0;
  size_t history_pos = history_.size();
  std::string draft;
  auto redraw = [&] {
    std::string out = "\r" + prompt + line + "\x1b[K";
    if (cursor < line.size()) out += "\x1b[" + std::to_string(line.size() - cursor) + "D";
    put(out_, out);
  };
  auto read_byte = [&](char& c) { return ::read(in_, &c, 1) == 1; };
  redraw();
  while (true) {
    char c;
    if (!read_byte(c)) {
      put(out_, "\r\n");
      return line.empty() ? std::nullopt : std::optional(line);
    }
    if (c == '\r' || c == '\n') {
      put(out_, "\r\n");
      return line;
    }
    if (c == 4) {  // Ctrl-D
      if (line.empty()) {
        put(out_, "\r\n");
        return std::nullopt;
      }
      if (cursor < line.size()) line.erase(cursor, 1);
    } else if (c == 3) {  // Ctrl-C
      put(out_, "^C\r\n");
      line.clear();
      cursor = 0;
    } else if (c == 127 || c == 8) {
      if (cursor > 0) line.erase(--cursor, 1);
    } else if (c == 1) {
      cursor = 0;
    } else if (c == 5) {
      cursor = line.size();
    } else if (c == 11) {
      line.erase(cursor);
    } else if (c == 21) {
      line.erase(0, cursor);
      cursor = 0;
    } else if (c == 23) {  // Ctrl-W: the word before the cursor
      size_t start = cursor;
      while (start > 0 && line[start - 1] == ' ') --start;
      while (start > 0 && line[start - 1] != ' ') --start;
      line.erase(start, cursor - start);
      cursor = start;
    } else if (c == 27) {  // an escape sequence: ESC [ X or ESC [ N ~
      char a, b;
      if (!read_byte(a) || !read_byte(b)) continue;
      if (a != '[' && a != 'O') continue;
      if (b >= '0' && b <= '9') {
        char tilde;
        if (!read_byte(tilde)) continue;
        if (b == '3' && cursor < line.size()) line.erase(cursor, 1);
        if (b == '1' || b == '7') cursor = 0;
        if (b == '4' || b == '8') cursor = line.size();
      } else if (b == 'D' && cursor > 0) {
        --cursor;
      } else if (b == 'C' && cursor < line.size()) {
        ++cursor;
      } else if (b == 'H') {
        cursor = 0;
      } else if (b == 'F') {
        cursor = line.size();
      } else if (b == 'A' && history_pos > 0) {
        if (history_pos == history_.size()) draft = line;
        line = history_[--history_pos];
        cursor = line.size();
      } else if (b == 'B' && history_pos < history_.size()) {
        ++history_pos;
        line = history_pos == history_.size() ? draft : history_[history_pos];
        cursor = line.size();
      }
    } else if (static_cast<unsigned char>(c) >= 32 || c == '\t') {
      line.insert(cursor++, 1, c);
    }
    redraw();
  }
}

}  // namespace wask::shell::sh

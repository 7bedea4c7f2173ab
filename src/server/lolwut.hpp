// LOLWUT's computer art as Redis 7.0 draws it (lolwut.c, lolwut5.c, lolwut6.c): a canvas of
// small colour numbers, Georg Nees's "Schotter" in braille characters (LOLWUT VERSION 5) and a
// skyline of 8-bit skyscrapers in terminal grays (VERSION 6). Pure drawing: no server types.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::lolwut {

// Stands in for C's rand(): every call returns a value in [0, kRandMax]. Redis draws with
// rand(), so with the same sequence the art comes out byte for byte as Redis's.
inline constexpr int kRandMax = 2147483647;
using Random = std::function<int()>;

class Canvas {
public:
    Canvas(int width, int height, int background = 0);

    int width() const { return width_; }
    int height() const { return height_; }
    // Pixels outside the canvas are ignored when set and read as 0.
    void set(int x, int y, int color);
    int get(int x, int y) const;
    // Bresenham's line from (x1,y1) to (x2,y2), both ends included.
    void line(int x1, int y1, int x2, int y2, int color);
    // A square centred on (x,y) of side `size`, turned by `angle` radians (lwDrawSquare: the
    // same float and double steps, so the same corners).
    void square(int x, int y, float size, float angle, int color);

private:
    int width_;
    int height_;
    std::vector<uint8_t> pixels_;
};

// Which art a version string asks for: "5.x" and "4.9" Schotter, "6.x" and "5.9" the skyline
// (but "5.9" / "6.9" are the next version's previews), anything else the version line alone.
enum class Art : uint8_t { Schotter, Skyline, VersionLine };
Art art_for(std::string_view version);
// "<v>.0.0": the version string LOLWUT VERSION v stands for.
std::string version_string(uint32_t v);

// The braille character U+2800 + dots, in UTF-8 (three bytes).
std::string braille(uint8_t dots);
// 2x4 pixels per braille character, rows of width/2 characters joined by '\n' (and a last
// '\n' unless the last row starts on the canvas's last line, as Redis writes it).
std::string render_braille(const Canvas& canvas);
// One space per pixel in the terminal colour of its gray (0 black .. 3 white), rows joined by
// '\n'.
std::string render_grays(const Canvas& canvas);

// Schotter on a canvas `cols`*2 pixels wide: per_row x per_col squares, more and more turned
// and shifted at random from the third row down.
Canvas draw_schotter(int cols, int per_row, int per_col, const Random& rand);
// A skyline on a white cols x rows canvas: two gray layers of plain skyscrapers behind black
// ones with windows.
Canvas draw_skyline(int cols, int rows, const Random& rand);

// The whole LOLWUT texts. The arguments are clamped as Redis clamps them (cols 1..1000,
// squares 1..200, rows 1..1000); server_version ends the caption.
inline constexpr long long kSchotterCols = 66, kSchotterPerRow = 8, kSchotterPerCol = 12;
inline constexpr long long kSkylineCols = 80, kSkylineRows = 20;
std::string schotter_text(long long cols, long long per_row, long long per_col,
                          std::string_view server_version, const Random& rand);
std::string skyline_text(long long cols, long long rows, std::string_view server_version,
                         const Random& rand);
std::string version_text(std::string_view server_version);  // "Redis ver. <v>\n"

}  // namespace cairn::lolwut

using System.Collections.Frozen;
using System.Globalization;

namespace Inkport.Conversion.Formats.Html;

/// <summary>Parses CSS colours (#rgb, #rrggbb, #rgba, #rrggbbaa, rgb()/rgba(), hsl()/hsla(), named
/// colours) and maps them to Feishu's palettes (spec/05 §4.3) by hue, saturation and lightness:
/// Feishu has six hues (red, orange, yellow, green, blue, purple) plus grey, in a light and a
/// dark shade for backgrounds. Colours that are the page default (black text, white background)
/// or fully transparent map to none.</summary>
internal static class CssColors
{
    private enum Hue { Red, Orange, Yellow, Green, Blue, Purple, Grey }

    /// <summary>Whether <paramref name="css"/> is a colour; if so, the Feishu text colour 1–7 it
    /// maps to, null for default-looking text (black, near-black, white).</summary>
    public static bool TryTextColor(string css, out int? color)
    {
        color = null;
        if (Parse(css) is not { } rgb) return false;
        var (hue, lightness) = Classify(rgb);
        if (hue != Hue.Grey || lightness is >= 0.25 and <= 0.92) color = (int)hue + 1;
        return true;
    }

    /// <summary>Whether <paramref name="css"/> is a colour; if so, the Feishu background colour
    /// 1–15 (1–7 light shades, 8–14 dark shades, 15 light grey), null for white and near-white.</summary>
    public static bool TryBackgroundColor(string css, out int? color)
    {
        color = null;
        if (Parse(css) is not { } rgb) return false;
        var (hue, lightness) = Classify(rgb);
        if (hue == Hue.Grey)
        {
            if (lightness <= 0.96) color = lightness > 0.8 ? 15 : lightness > 0.5 ? 7 : 14;
        }
        else
        {
            color = lightness >= 0.7 ? (int)hue + 1 : (int)hue + 8;
        }
        return true;
    }

    private static (Hue Hue, double Lightness) Classify((byte R, byte G, byte B) rgb)
    {
        double r = rgb.R / 255.0, g = rgb.G / 255.0, b = rgb.B / 255.0;
        var max = Math.Max(r, Math.Max(g, b));
        var min = Math.Min(r, Math.Min(g, b));
        var lightness = (max + min) / 2;
        var delta = max - min;
        if (delta < 0.12) return (Hue.Grey, lightness);
        double hue;
        if (max == r) hue = 60 * ((g - b) / delta % 6);
        else if (max == g) hue = 60 * ((b - r) / delta + 2);
        else hue = 60 * ((r - g) / delta + 4);
        if (hue < 0) hue += 360;
        var bucket = hue switch
        {
            < 15 or >= 330 => Hue.Red,
            < 45 => Hue.Orange,
            < 70 => Hue.Yellow,
            < 170 => Hue.Green,
            < 260 => Hue.Blue,
            _ => Hue.Purple,
        };
        return (bucket, lightness);
    }

    /// <summary>The RGB of a CSS colour value, null when it is not one or is transparent.</summary>
    internal static (byte R, byte G, byte B)? Parse(string css)
    {
        var value = css.Trim().TrimEnd(';').Trim();
        var important = value.IndexOf('!');
        if (important >= 0) value = value[..important].Trim();
        if (value.Length == 0) return null;
        if (value[0] == '#') return Hex(value.AsSpan(1));
        var paren = value.IndexOf('(');
        if (paren > 0 && value[^1] == ')')
        {
            var function = value[..paren].Trim().ToLowerInvariant();
            var args = value[(paren + 1)..^1].Split([',', ' ', '/'], StringSplitOptions.RemoveEmptyEntries);
            if (args.Length < 3) return null;
            if (args.Length >= 4 && Number(args[3], 1) is { } alpha && alpha <= 0.05) return null;
            if (function is "rgb" or "rgba")
            {
                return (Channel(args[0]), Channel(args[1]), Channel(args[2])) is (byte r, byte g, byte b) ? (r, g, b) : null;
            }
            if (function is "hsl" or "hsla" && Number(args[0].Replace("deg", ""), 360) is { } h
                && Number(args[1], 1) is { } s && Number(args[2], 1) is { } l)
            {
                return FromHsl(h, s, l);
            }
            return null;
        }
        // Bare hex without '#' is what legacy attributes such as bgcolor=C40001 carry.
        if (value.Length is 6 or 3 && value.All(char.IsAsciiHexDigit) && !Named.ContainsKey(value)) return Hex(value);
        return Named.TryGetValue(value, out var hex) ? Hex(hex) : null;
    }

    private static (byte, byte, byte)? Hex(ReadOnlySpan<char> hex)
    {
        if (!uint.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v)) return null;
        switch (hex.Length)
        {
            case 3: return (Twice(v >> 8), Twice(v >> 4), Twice(v));
            case 4: return (v & 0xF) < 1 ? null : (Twice(v >> 12), Twice(v >> 8), Twice(v >> 4));
            case 6: return ((byte)(v >> 16), (byte)(v >> 8), (byte)v);
            case 8: return (v & 0xFF) < 13 ? null : ((byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8));
            default: return null;
        }

        static byte Twice(uint nibble) => (byte)((nibble & 0xF) * 17);
    }

    /// <summary>A number or percentage; a percentage is scaled to <paramref name="full"/>.</summary>
    private static double? Number(string text, double full)
    {
        var percent = text.EndsWith('%');
        var digits = percent ? text[..^1] : text;
        if (!double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)) return null;
        return percent ? n / 100 * full : n;
    }

    private static byte? Channel(string text) =>
        Number(text, 255) is { } n ? (byte)Math.Clamp(Math.Round(n), 0, 255) : null;

    private static (byte, byte, byte) FromHsl(double h, double s, double l)
    {
        if (s > 1) s /= 100;
        if (l > 1) l /= 100;
        h = (h % 360 + 360) % 360;
        var c = (1 - Math.Abs(2 * l - 1)) * s;
        var x = c * (1 - Math.Abs(h / 60 % 2 - 1));
        var m = l - c / 2;
        var (r, g, b) = h switch
        {
            < 60 => (c, x, 0.0),
            < 120 => (x, c, 0.0),
            < 180 => (0.0, c, x),
            < 240 => (0.0, x, c),
            < 300 => (x, 0.0, c),
            _ => (c, 0.0, x),
        };
        return (ToByte(r + m), ToByte(g + m), ToByte(b + m));

        static byte ToByte(double v) => (byte)Math.Clamp(Math.Round(v * 255), 0, 255);
    }

    /// <summary>The CSS named colours (CSS Color Module Level 4).</summary>
    private static readonly FrozenDictionary<string, string> Named = (
        "aliceblue f0f8ff antiquewhite faebd7 aqua 00ffff aquamarine 7fffd4 azure f0ffff beige f5f5dc bisque ffe4c4 " +
        "black 000000 blanchedalmond ffebcd blue 0000ff blueviolet 8a2be2 brown a52a2a burlywood deb887 cadetblue 5f9ea0 " +
        "chartreuse 7fff00 chocolate d2691e coral ff7f50 cornflowerblue 6495ed cornsilk fff8dc crimson dc143c cyan 00ffff " +
        "darkblue 00008b darkcyan 008b8b darkgoldenrod b8860b darkgray a9a9a9 darkgreen 006400 darkgrey a9a9a9 " +
        "darkkhaki bdb76b darkmagenta 8b008b darkolivegreen 556b2f darkorange ff8c00 darkorchid 9932cc darkred 8b0000 " +
        "darksalmon e9967a darkseagreen 8fbc8f darkslateblue 483d8b darkslategray 2f4f4f darkslategrey 2f4f4f " +
        "darkturquoise 00ced1 darkviolet 9400d3 deeppink ff1493 deepskyblue 00bfff dimgray 696969 dimgrey 696969 " +
        "dodgerblue 1e90ff firebrick b22222 floralwhite fffaf0 forestgreen 228b22 fuchsia ff00ff gainsboro dcdcdc " +
        "ghostwhite f8f8ff gold ffd700 goldenrod daa520 gray 808080 green 008000 greenyellow adff2f grey 808080 " +
        "honeydew f0fff0 hotpink ff69b4 indianred cd5c5c indigo 4b0082 ivory fffff0 khaki f0e68c lavender e6e6fa " +
        "lavenderblush fff0f5 lawngreen 7cfc00 lemonchiffon fffacd lightblue add8e6 lightcoral f08080 lightcyan e0ffff " +
        "lightgoldenrodyellow fafad2 lightgray d3d3d3 lightgreen 90ee90 lightgrey d3d3d3 lightpink ffb6c1 " +
        "lightsalmon ffa07a lightseagreen 20b2aa lightskyblue 87cefa lightslategray 778899 lightslategrey 778899 " +
        "lightsteelblue b0c4de lightyellow ffffe0 lime 00ff00 limegreen 32cd32 linen faf0e6 magenta ff00ff maroon 800000 " +
        "mediumaquamarine 66cdaa mediumblue 0000cd mediumorchid ba55d3 mediumpurple 9370db mediumseagreen 3cb371 " +
        "mediumslateblue 7b68ee mediumspringgreen 00fa9a mediumturquoise 48d1cc mediumvioletred c71585 " +
        "midnightblue 191970 mintcream f5fffa mistyrose ffe4e1 moccasin ffe4b5 navajowhite ffdead navy 000080 " +
        "oldlace fdf5e6 olive 808000 olivedrab 6b8e23 orange ffa500 orangered ff4500 orchid da70d6 palegoldenrod eee8aa " +
        "palegreen 98fb98 paleturquoise afeeee palevioletred db7093 papayawhip ffefd5 peachpuff ffdab9 peru cd853f " +
        "pink ffc0cb plum dda0dd powderblue b0e0e6 purple 800080 rebeccapurple 663399 red ff0000 rosybrown bc8f8f " +
        "royalblue 4169e1 saddlebrown 8b4513 salmon fa8072 sandybrown f4a460 seagreen 2e8b57 seashell fff5ee " +
        "sienna a0522d silver c0c0c0 skyblue 87ceeb slateblue 6a5acd slategray 708090 slategrey 708090 snow fffafa " +
        "springgreen 00ff7f steelblue 4682b4 tan d2b48c teal 008080 thistle d8bfd8 tomato ff6347 turquoise 40e0d0 " +
        "violet ee82ee wheat f5deb3 white ffffff whitesmoke f5f5f5 yellow ffff00 yellowgreen 9acd32")
        .Split(' ')
        .Chunk(2)
        .ToFrozenDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
}

using System.Globalization;

namespace Inkport.Conversion.Formats.Docx;

/// <summary>Word colours onto Feishu's small palettes (spec/05 §4.3): text colours 1–7 (red,
/// orange, yellow, green, blue, purple, grey) and backgrounds 1–7 (light) and 8–14 (saturated).
/// The nearest hue wins; near-black text and white backgrounds mean "no colour" (0).</summary>
internal static class WordColors
{
    /// <summary>Text colour of a <c>w:color/@w:val</c> ("FF0000", "auto"): 1–7, or 0 for default (black, auto).</summary>
    public static int Text(string? hex)
    {
        if (!TryHsl(hex, out var hue, out var saturation, out var lightness)) return 0;
        if (lightness < 0.2 || lightness > 0.95) return 0;
        if (saturation < 0.18) return lightness < 0.3 ? 0 : 7;
        return HueIndex(hue);
    }

    /// <summary>Background of a shading fill ("FFFF00", "auto"): 1–7 light, 8–14 saturated, 15 light grey, 0 none.</summary>
    public static int Background(string? hex)
    {
        if (!TryHsl(hex, out var hue, out var saturation, out var lightness)) return 0;
        if (lightness > 0.97) return 0;
        if (saturation < 0.15) return lightness > 0.8 ? 15 : lightness > 0.55 ? 7 : 14;
        var index = HueIndex(hue);
        return lightness > 0.7 ? index : index + 7;
    }

    /// <summary>Background of a <c>w:highlight/@w:val</c> (the 16 named highlight colours).</summary>
    public static int Highlight(string? name) => name switch
    {
        "yellow" => 3,
        "green" => 4,
        "cyan" => 5,
        "magenta" => 6,
        "blue" => 12,
        "red" => 8,
        "darkBlue" => 12,
        "darkCyan" => 12,
        "darkGreen" => 11,
        "darkMagenta" => 13,
        "darkRed" => 8,
        "darkYellow" => 10,
        "darkGray" => 14,
        "lightGray" => 7,
        "black" => 14,
        _ => 0,
    };

    /// <summary>1 red, 2 orange, 3 yellow, 4 green, 5 blue, 6 purple.</summary>
    private static int HueIndex(double hue) => hue switch
    {
        < 15 or >= 330 => 1,
        < 45 => 2,
        < 70 => 3,
        < 170 => 4,
        < 255 => 5,
        _ => 6,
    };

    private static bool TryHsl(string? hex, out double hue, out double saturation, out double lightness)
    {
        hue = saturation = lightness = 0;
        if (hex is null || hex.Length != 6 || !int.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rgb)) return false;
        double r = (rgb >> 16 & 0xFF) / 255.0, g = (rgb >> 8 & 0xFF) / 255.0, b = (rgb & 0xFF) / 255.0;
        double max = Math.Max(r, Math.Max(g, b)), min = Math.Min(r, Math.Min(g, b)), delta = max - min;
        lightness = (max + min) / 2;
        if (delta == 0) return true;
        saturation = delta / (1 - Math.Abs(2 * lightness - 1));
        hue = max == r ? 60 * ((g - b) / delta % 6) : max == g ? 60 * ((b - r) / delta + 2) : 60 * ((r - g) / delta + 4);
        if (hue < 0) hue += 360;
        return true;
    }
}

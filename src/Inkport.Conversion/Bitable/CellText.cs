using System.Globalization;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Bitable;

/// <summary>What a raw spreadsheet cell shows as text, for field names and Text fields.</summary>
internal static class CellText
{
    private const double UnixEpochSerial = 25569;
    private const double MsPerDay = 86_400_000;

    public static string Display(Cell cell) => cell.Type switch
    {
        CellType.Boolean => cell.Number != 0 ? "TRUE" : "FALSE",
        CellType.Number when IsDateFormat(cell.NumberFormat) => FormatDate(cell.Number),
        CellType.Number when IsPercentFormat(cell.NumberFormat) => Shortest(Math.Round(cell.Number * 100, 10)) + "%",
        CellType.Number => Shortest(cell.Number),
        _ => cell.Text ?? "",
    };

    public static string Shortest(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Digits after the decimal point in the shortest round-trip form (exponent forms count as many).</summary>
    public static int Decimals(double value) => Shape(value).Decimals;

    /// <summary><see cref="Decimals"/>, and whether the shortest round-trip form reads as a phone number
    /// (<see cref="Values.IsPhone"/>: a number column may hold phone numbers written without a '+'), from one
    /// formatting of the value, or none: an integer below 10^15 prints as its digits, so both follow from its size.</summary>
    public static (int Decimals, bool Phone) Shape(double value)
    {
        if (Math.Abs(value) < 1e15 && value == Math.Floor(value)) return (0, value >= 1e6);
        Span<char> text = stackalloc char[32];
        if (!value.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture)) return (int.MaxValue, false);
        text = text[..length];
        var dot = text.IndexOf('.');
        var decimals = text.Contains('E') ? int.MaxValue : dot < 0 ? 0 : text.Length - dot - 1;
        return (decimals, Values.IsPhone(text));
    }

    /// <summary>Whether an Excel number format shows a date or time: it has y, d or h outside
    /// quoted literals and [..] sections (elapsed-time and colour sections).</summary>
    public static bool IsDateFormat(string? format) => Scan(format, static c => c is 'y' or 'Y' or 'd' or 'D' or 'h' or 'H');

    public static bool HasTime(string? format) => Scan(format, static c => c is 'h' or 'H' or 's' or 'S');

    public static bool IsPercentFormat(string? format) => Scan(format, static c => c == '%');

    private static bool Scan(string? format, Func<char, bool> match)
    {
        if (format is null) return false;
        var quoted = false;
        var bracket = false;
        foreach (var c in format)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && c == '[') bracket = true;
            else if (!quoted && c == ']') bracket = false;
            else if (!quoted && !bracket && match(c)) return true;
        }
        return false;
    }

    public static string FormatDate(double serial)
    {
        var date = FromSerial(serial);
        return date.TimeOfDay == TimeSpan.Zero
            ? date.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture)
            : date.ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>Serial days since 1899-12-30, to the second, clamped into DateTime's range.</summary>
    public static DateTime FromSerial(double serial)
    {
        var seconds = Math.Round(Math.Clamp(serial, -690_000, 2_950_000) * 86_400);
        return new DateTime(1899, 12, 30).AddSeconds(seconds);
    }

    /// <summary>Serial days as Unix milliseconds, reading the wall-clock time as UTC.</summary>
    public static long UnixMs(double serial) => (long)Math.Round((serial - UnixEpochSerial) * MsPerDay);
}

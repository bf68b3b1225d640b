namespace Inkport.Core.Sheets;

/// <summary>The 1900 date system: serial days since 1899-12-30, where serials below 61 carry
/// Excel's Lotus-compatible fake leap day (serial 60 is "1900-02-29", serial 1 is 1900-01-01).</summary>
internal static class ExcelSerialDate
{
    /// <summary>First serial Excel cannot show (10000-01-01).</summary>
    public const double End = 2958466;

    private static readonly DateOnly Epoch = new(1899, 12, 30);
    private static readonly DateOnly FirstRealLeapDay = new(1900, 3, 1);

    /// <summary>The calendar Excel shows for a whole serial, fake days included:
    /// 0 is (1900, 1, 0) and 60 is (1900, 2, 29). Weekday 0 = Sunday, as Excel counts it.</summary>
    public static (int Year, int Month, int Day, int Weekday) Parts(long serial)
    {
        var weekday = (int)((serial + 6) % 7);
        if (serial == 0) return (1900, 1, 0, weekday);
        if (serial == 60) return (1900, 2, 29, weekday);
        var date = serial < 60 ? Epoch.AddDays((int)serial + 1) : Epoch.AddDays((int)serial);
        return (date.Year, date.Month, date.Day, weekday);
    }

    public static DateTime ToDateTime(double serial)
    {
        if (double.IsNaN(serial) || serial < 0 || serial >= End)
            throw new ArgumentOutOfRangeException(nameof(serial), serial, "A 1900-system serial lies in [0, 2958466).");
        // Milliseconds are the finest unit a DateTime shows usefully; never round into year 10000.
        var ms = Math.Min((long)Math.Round(serial * 86_400_000d, MidpointRounding.AwayFromZero), (long)End * 86_400_000 - 1);
        var days = ms / 86_400_000;
        var time = TimeSpan.FromMilliseconds(ms % 86_400_000);
        // Serials before the fake leap day are one day later than the plain epoch says; 60 itself has no real date.
        var date = days switch
        {
            < 60 => Epoch.AddDays((int)days + 1),
            60 => new DateOnly(1900, 2, 28),
            _ => Epoch.AddDays((int)days),
        };
        return date.ToDateTime(TimeOnly.MinValue) + time;
    }

    public static bool TryFromDateTime(DateTime value, out double serial)
    {
        var date = DateOnly.FromDateTime(value);
        var days = date.DayNumber - Epoch.DayNumber;
        if (date < FirstRealLeapDay) days -= 1;
        serial = days + value.TimeOfDay.Ticks / (double)TimeSpan.TicksPerDay;
        return days >= 0;
    }
}

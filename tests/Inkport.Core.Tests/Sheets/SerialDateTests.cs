using Inkport.Core.Sheets;

namespace Inkport.Core.Tests.Sheets;

public class SerialDateTests
{
    [Theory]
    [InlineData(0.0, "1899-12-31T00:00:00")]
    [InlineData(1.0, "1900-01-01T00:00:00")]
    [InlineData(1.5, "1900-01-01T12:00:00")]
    [InlineData(2.5, "1900-01-02T12:00:00")]
    [InlineData(59.0, "1900-02-28T00:00:00")]
    [InlineData(59.75, "1900-02-28T18:00:00")]
    [InlineData(60.0, "1900-02-28T00:00:00")]
    [InlineData(61.0, "1900-03-01T00:00:00")]
    [InlineData(61.25, "1900-03-01T06:00:00")]
    [InlineData(25569.0, "1970-01-01T00:00:00")]
    [InlineData(45306.5, "2024-01-15T12:00:00")]
    [InlineData(45306.999999999, "2024-01-16T00:00:00")]
    [InlineData(2958465.0, "9999-12-31T00:00:00")]
    public void Serial_to_date_time(double serial, string expected)
    {
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ExcelNumberFormat.SerialToDateTime(serial));
    }

    [Theory]
    [InlineData("1899-12-31T00:00:00", 0.0)]
    [InlineData("1900-01-01T00:00:00", 1.0)]
    [InlineData("1900-01-01T12:00:00", 1.5)]
    [InlineData("1900-02-28T00:00:00", 59.0)]
    [InlineData("1900-02-28T23:59:59", 59.99998842592593)]
    [InlineData("1900-03-01T00:00:00", 61.0)]
    [InlineData("1970-01-01T00:00:00", 25569.0)]
    [InlineData("2024-01-15T12:00:00", 45306.5)]
    [InlineData("2024-01-15T18:00:00", 45306.75)]
    [InlineData("9999-12-31T00:00:00", 2958465.0)]
    public void Date_time_to_serial(string date, double expected)
    {
        var value = DateTime.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, ExcelNumberFormat.DateTimeToSerial(value), 9);
        Assert.True(ExcelNumberFormat.TryDateTimeToSerial(value, out var serial));
        Assert.Equal(expected, serial, 9);
    }

    [Fact]
    public void Every_day_from_1900_01_01_round_trips_except_the_fake_leap_day()
    {
        for (var serial = 1; serial < 80_000; serial++)
        {
            if (serial == 60) continue;
            var date = ExcelNumberFormat.SerialToDateTime(serial + 0.25);
            Assert.Equal(serial + 0.25, ExcelNumberFormat.DateTimeToSerial(date), 9);
        }
    }

    [Fact]
    public void Dates_before_the_1900_system_have_no_serial()
    {
        var early = new DateTime(1899, 12, 30);
        Assert.False(ExcelNumberFormat.TryDateTimeToSerial(early, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExcelNumberFormat.DateTimeToSerial(early));
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(-0.001)]
    [InlineData(double.NaN)]
    [InlineData(2958466.0)]
    [InlineData(double.PositiveInfinity)]
    public void Serials_outside_the_1900_system_are_refused(double serial)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ExcelNumberFormat.SerialToDateTime(serial));
    }
}

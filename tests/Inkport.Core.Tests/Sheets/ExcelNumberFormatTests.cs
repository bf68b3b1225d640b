using Inkport.Core.Sheets;

namespace Inkport.Core.Tests.Sheets;

/// <summary>Expected texts are what Excel (en-US) shows in a wide enough cell; fill characters (*x) and
/// padding (_x) become nothing and one space respectively, as a text export has no column width.</summary>
public class ExcelNumberFormatTests
{
    [Theory]
    // General: up to 11 characters, 10 significant digits, scientific beyond
    [InlineData(1234.5, "General", "1234.5")]
    [InlineData(0.3333333333333333, "General", "0.333333333")]
    [InlineData(3.3333333333333335, "General", "3.333333333")]
    [InlineData(123.456789012, "General", "123.456789")]
    [InlineData(12345678901, "General", "12345678901")]
    [InlineData(123456789012, "General", "1.23457E+11")]
    [InlineData(0.0001234567, "General", "0.000123457")]
    [InlineData(0.00001, "General", "0.00001")]
    [InlineData(0.0000123456789, "General", "1.23457E-05")]
    [InlineData(0.000001, "General", "1E-06")]
    [InlineData(1e20, "General", "1E+20")]
    [InlineData(-1.5, "General", "-1.5")]
    [InlineData(-0.0, "General", "0")]
    [InlineData(0.30000000000000004, "General", "0.3")]
    [InlineData(42, null, "42")]
    [InlineData(42, "", "42")]
    [InlineData(42, "general", "42")]
    // 0: half away from zero
    [InlineData(0.5, "0", "1")]
    [InlineData(1.5, "0", "2")]
    [InlineData(2.5, "0", "3")]
    [InlineData(-2.5, "0", "-3")]
    [InlineData(1.4999, "0", "1")]
    [InlineData(0, "0", "0")]
    [InlineData(-0.0, "0", "0")]
    [InlineData(-0.4, "0", "-0")]
    [InlineData(1234567.891, "0", "1234568")]
    [InlineData(1e20, "0", "100000000000000000000")]
    [InlineData(1234567890123456789, "0", "1234567890123460000")]
    // 0.00: Excel rounds the 15-digit decimal value, not the binary one
    [InlineData(2.675, "0.00", "2.68")]
    [InlineData(1.005, "0.00", "1.01")]
    [InlineData(-1.005, "0.00", "-1.01")]
    [InlineData(123.456, "0.00", "123.46")]
    [InlineData(0, "0.00", "0.00")]
    [InlineData(-0.001, "0.00", "-0.00")]
    [InlineData(0.995, "0.00", "1.00")]
    [InlineData(9.995, "0.00", "10.00")]
    // thousands separators
    [InlineData(1234567, "#,##0", "1,234,567")]
    [InlineData(999.5, "#,##0", "1,000")]
    [InlineData(999999.5, "#,##0", "1,000,000")]
    [InlineData(0, "#,##0", "0")]
    [InlineData(12, "#,##0", "12")]
    [InlineData(-1234.5, "#,##0", "-1,235")]
    [InlineData(1234.5, "#,##0.00", "1,234.50")]
    [InlineData(-1234567.891, "#,##0.00", "-1,234,567.89")]
    [InlineData(0.005, "#,##0.00", "0.01")]
    [InlineData(5, "0,000", "0,005")]
    // percent
    [InlineData(0.12, "0%", "12%")]
    [InlineData(0.125, "0%", "13%")]
    [InlineData(0.12345, "0.00%", "12.35%")]
    [InlineData(-0.5, "0%", "-50%")]
    [InlineData(1, "0.0%", "100.0%")]
    [InlineData(0.001, "0%", "0%")]
    // scientific and engineering
    [InlineData(12345, "0.00E+00", "1.23E+04")]
    [InlineData(0.00012345, "0.00E+00", "1.23E-04")]
    [InlineData(0, "0.00E+00", "0.00E+00")]
    [InlineData(-12345, "0.00E+00", "-1.23E+04")]
    [InlineData(9.999, "0.00E+00", "1.00E+01")]
    [InlineData(1e100, "0.00E+00", "1.00E+100")]
    [InlineData(12345, "##0.0E+0", "12.3E+3")]
    [InlineData(1234567, "##0.0E+0", "1.2E+6")]
    [InlineData(0.00012345, "##0.0E+0", "123.5E-6")]
    [InlineData(123456, "0.0E-00", "1.2E05")]
    [InlineData(0.00123, "0.0E-00", "1.2E-03")]
    // currency and literal text
    [InlineData(5, "\"$\"#,##0.00", "$5.00")]
    [InlineData(-5, "\"$\"#,##0.00", "-$5.00")]
    [InlineData(5, "\\$0.00", "$5.00")]
    [InlineData(5, "$0.00", "$5.00")]
    [InlineData(1234.5, "[$¥-804]#,##0.00", "¥1,234.50")]
    [InlineData(1234.5, "[$€-2] #,##0.00", "€ 1,234.50")]
    [InlineData(1234.5, "[$USD] #,##0", "USD 1,235")]
    [InlineData(1234.5, "#,##0.00 \"USD\"", "1,234.50 USD")]
    [InlineData(12, "0\" items\"", "12 items")]
    [InlineData(12, "0 \\k\\g", "12 kg")]
    [InlineData(1234.5, "[$-409]#,##0.00", "1,234.50")]
    // sections, colours and parentheses
    [InlineData(1234.5, "#,##0.00;(#,##0.00)", "1,234.50")]
    [InlineData(-1234.5, "#,##0.00;(#,##0.00)", "(1,234.50)")]
    [InlineData(-1234.5, "#,##0.00;[Red](#,##0.00)", "(1,234.50)")]
    [InlineData(-1234.5, "[Red]#,##0.00", "-1,234.50")]
    [InlineData(0, "0.00;-0.00;\"zero\"", "zero")]
    [InlineData(-0.001, "0.00;(0.00);\"zero\"", "(0.00)")]
    [InlineData(-3, "0;-0;0;@", "-3")]
    [InlineData(3, "[Green]0;[Red]-0", "3")]
    [InlineData(-3, "[Green]0;[Red]-0", "-3")]
    [InlineData(-3, "[Color10]0;[Color3]0", "3")]
    [InlineData(1234.5, "#,##0_);(#,##0)", "1,235 ")]
    [InlineData(-1234.5, "#,##0_);(#,##0)", "(1,235)")]
    [InlineData(5, "0;;", "5")]
    [InlineData(-5, "0;;", "")]
    [InlineData(0, "0;;", "")]
    [InlineData(0, "#,##0;-#,##0;-", "-")]
    [InlineData(5, ";;;", "")]
    [InlineData(-1.5, "General;[Red]-General", "-1.5")]
    [InlineData(1.5, "\"+\"General", "+1.5")]
    // conditions
    [InlineData(50, "[<100]\"low\";\"high\"", "low")]
    [InlineData(150, "[<100]\"low\";\"high\"", "high")]
    [InlineData(1500, "[>=1000]#,##0,\"K\";0", "2K")]
    [InlineData(999, "[>=1000]#,##0,\"K\";0", "999")]
    [InlineData(-5, "[<0]\"neg \"0;0", "neg 5")]
    // scaling
    [InlineData(1234567, "#,##0,", "1,235")]
    [InlineData(1234567, "0.0,,\"M\"", "1.2M")]
    [InlineData(1234567, "#,##0,,", "1")]
    // optional digits
    [InlineData(12.3, "#.##", "12.3")]
    [InlineData(12, "#.##", "12.")]
    [InlineData(0.5, "#.00", ".50")]
    [InlineData(1.5, ".00", "1.50")]
    [InlineData(5, "00000", "00005")]
    [InlineData(1.5, "0.0?", "1.5 ")]
    [InlineData(1.25, "0.0?", "1.25")]
    [InlineData(0, "#", "")]
    [InlineData(7, "??0", "  7")]
    [InlineData(1234567, "000-0000", "123-4567")]
    [InlineData(12345678, "000-0000", "1234-5678")]
    // fractions
    [InlineData(1.5, "# ?/?", "1 1/2")]
    [InlineData(0.75, "# ?/?", " 3/4")]
    [InlineData(-1.25, "# ?/?", "-1 1/4")]
    [InlineData(3.14159265358979, "# ??/??", "3 14/99")]
    [InlineData(0.333, "# ?/?", " 1/3")]
    [InlineData(2, "# ?/?", "2    ")]
    [InlineData(0.5, "?/?", "1/2")]
    [InlineData(1.5, "?/?", "3/2")]
    [InlineData(1.3, "# ?/8", "1 2/8")]
    [InlineData(0.26, "# ??/100", " 26/100")]
    [InlineData(0.1, "# ?/??", " 1/10")]
    // text format applied to a number
    [InlineData(5, "@", "5")]
    [InlineData(1.5, "@", "1.5")]
    // Excel's built-in accounting formats (ids 42, 44)
    [InlineData(1234.5, "_(\"$\"* #,##0.00_);_(\"$\"* \\(#,##0.00\\);_(\"$\"* \"-\"??_);_(@_)", " $1,234.50 ")]
    [InlineData(-1234.5, "_(\"$\"* #,##0.00_);_(\"$\"* \\(#,##0.00\\);_(\"$\"* \"-\"??_);_(@_)", " $(1,234.50)")]
    [InlineData(0, "_(\"$\"* #,##0.00_);_(\"$\"* \\(#,##0.00\\);_(\"$\"* \"-\"??_);_(@_)", " $-   ")]
    [InlineData(1234.5, "_(\"$\"* #,##0_);_(\"$\"* \\(#,##0\\);_(\"$\"* \"-\"_);_(@_)", " $1,235 ")]
    public void Formats_numbers_as_Excel_shows_them(double value, string? code, string expected)
    {
        Assert.Equal(expected, ExcelNumberFormat.Format(value, code));
    }

    [Theory]
    // 2024-01-15 is serial 45306, a Monday
    [InlineData(45306, "yyyy-mm-dd", "2024-01-15")]
    [InlineData(45306, "m/d/yyyy", "1/15/2024")]
    [InlineData(45306, "mm/dd/yy", "01/15/24")]
    [InlineData(45306, "dd/mm/yyyy", "15/01/2024")]
    [InlineData(45306, "d-mmm-yy", "15-Jan-24")]
    [InlineData(45306, "d-mmm", "15-Jan")]
    [InlineData(45306, "mmm-yy", "Jan-24")]
    [InlineData(45306, "mmmm", "January")]
    [InlineData(45306, "mmmmm", "J")]
    [InlineData(45306, "dddd", "Monday")]
    [InlineData(45306, "ddd, mmm d", "Mon, Jan 15")]
    [InlineData(45306, "yy", "24")]
    [InlineData(45306, "YYYY-MM-DD", "2024-01-15")]
    [InlineData(45306, "m", "1")]
    [InlineData(45306, "yyyy\"年\"m\"月\"d\"日\"", "2024年1月15日")]
    [InlineData(45306, "[$-409]mmmm d, yyyy", "January 15, 2024")]
    [InlineData(45306, "[$-F800]dddd, mmmm dd, yyyy", "Monday, January 15, 2024")]
    [InlineData(45306.75, "[$-F400]h:mm:ss AM/PM", "6:00:00 PM")]
    [InlineData(45306.75, "hh:mm:ss", "18:00:00")]
    [InlineData(45306.75, "h:mm AM/PM", "6:00 PM")]
    [InlineData(45306.25, "h:mm am/pm", "6:00 am")]
    [InlineData(45306.5, "h:mm A/P", "12:00 P")]
    [InlineData(0, "h:mm AM/PM", "12:00 AM")]
    [InlineData(0.5416666666666666, "h:mm:ss AM/PM", "1:00:00 PM")]
    [InlineData(45306.5, "m/d/yyyy h:mm", "1/15/2024 12:00")]
    [InlineData(45306.5, "yyyy-mm-dd hh:mm", "2024-01-15 12:00")]
    [InlineData(45306.5, "mm:ss", "00:00")]
    [InlineData(0.5006944444444445, "h:mm", "12:01")]
    [InlineData(0.5006944444444445, "mm", "01")]
    [InlineData(0.5006944444444445, "hh\"h\"mm", "12h01")]
    [InlineData(0.5006944444444445, "h:m", "12:1")]
    [InlineData(1.5, "[h]:mm:ss", "36:00:00")]
    [InlineData(2.0, "[h]:mm", "48:00")]
    [InlineData(0.0208333333333333, "[mm]:ss", "30:00")]
    [InlineData(0.0208333333333333, "[ss]", "1800")]
    [InlineData(45306.501048611111, "hh:mm:ss.0", "12:01:30.6")]
    [InlineData(45306.501048611111, "hh:mm:ss.00", "12:01:30.60")]
    [InlineData(45306.501048611111, "hh:mm:ss", "12:01:31")]
    [InlineData(45306.501048611111, "h:mm", "12:01")]
    [InlineData(0.5, "mm:ss.0", "00:00.0")]
    [InlineData(45306.999999, "yyyy-mm-dd hh:mm:ss", "2024-01-16 00:00:00")]
    [InlineData(45306.43732638889, "h:mm", "10:29")]
    [InlineData(45306.75, "[Red]yyyy-mm-dd", "2024-01-15")]
    [InlineData(45306, "yyyy-mm-dd;@", "2024-01-15")]
    // the 1900 system and Excel's fake leap day
    [InlineData(0, "yyyy-mm-dd", "1900-01-00")]
    [InlineData(1, "yyyy-mm-dd", "1900-01-01")]
    [InlineData(1, "dddd", "Sunday")]
    [InlineData(59, "yyyy-mm-dd", "1900-02-28")]
    [InlineData(60, "yyyy-mm-dd", "1900-02-29")]
    [InlineData(61, "yyyy-mm-dd", "1900-03-01")]
    [InlineData(61, "dddd", "Thursday")]
    [InlineData(2958465, "yyyy-mm-dd", "9999-12-31")]
    // Excel shows ##### for dates it cannot show; the number is more useful as text
    [InlineData(-1, "yyyy-mm-dd", "-1")]
    [InlineData(2958466, "yyyy-mm-dd", "2958466")]
    public void Formats_dates_and_times(double serial, string code, string expected)
    {
        Assert.Equal(expected, ExcelNumberFormat.Format(serial, code));
    }

    [Theory]
    [InlineData("abc", "@", "abc")]
    [InlineData("abc", "\"Name: \"@", "Name: abc")]
    [InlineData("x", "0;-0;0;[Red]\"<\"@\">\"", "<x>")]
    [InlineData("x", "0.00", "x")]
    [InlineData("x", "yyyy-mm-dd;@", "x")]
    [InlineData("x", "General", "x")]
    [InlineData("x", "_(@_)", " x ")]
    public void Formats_text_through_the_text_section(string text, string code, string expected)
    {
        Assert.Equal(expected, ExcelNumberFormat.Parse(code).FormatText(text));
    }

    [Theory]
    [InlineData("yyyy-mm-dd")]
    [InlineData("m/d/yyyy")]
    [InlineData("d-mmm-yy")]
    [InlineData("mmmm")]
    [InlineData("dddd")]
    [InlineData("hh:mm:ss")]
    [InlineData("h:mm AM/PM")]
    [InlineData("[h]:mm")]
    [InlineData("[h]:mm:ss")]
    [InlineData("[mm]:ss")]
    [InlineData("mm:ss.0")]
    [InlineData("[$-409]mmmm d, yyyy")]
    [InlineData("[$-F800]dddd, mmmm dd, yyyy")]
    [InlineData("[$-F400]h:mm:ss AM/PM")]
    [InlineData("yyyy-mm-dd;@")]
    [InlineData("[Red]yyyy-mm-dd")]
    [InlineData("yyyy\"年\"m\"月\"d\"日\"")]
    [InlineData("\"Date: \"yyyy")]
    [InlineData("DD/MM/YYYY")]
    public void Recognises_date_formats(string code)
    {
        Assert.True(ExcelNumberFormat.IsDateFormat(code));
        Assert.True(ExcelNumberFormat.Parse(code).IsDate);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("General")]
    [InlineData("0.00")]
    [InlineData("#,##0")]
    [InlineData("\"yyyy\"0")]
    [InlineData("\"mm-dd\"")]
    [InlineData("[Red]0.00")]
    [InlineData("[Blue][>100]0;[Red]0")]
    [InlineData("#,##0 \"days\"")]
    [InlineData("0.00\\h")]
    [InlineData("0\\d")]
    [InlineData("@")]
    [InlineData("0.00E+00")]
    [InlineData("##0.0E+0")]
    [InlineData("[$¥-804]#,##0.00")]
    [InlineData("[$-409]#,##0.00")]
    [InlineData("\"$\"#,##0.00_);[Red]\\(\"$\"#,##0.00\\)")]
    [InlineData("General;[Red]-General")]
    [InlineData("# ?/?")]
    [InlineData("0_m")]
    [InlineData("0*s")]
    public void Does_not_mistake_other_formats_for_dates(string? code)
    {
        Assert.False(ExcelNumberFormat.IsDateFormat(code));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("General", true)]
    [InlineData("GENERAL", true)]
    [InlineData("0", false)]
    [InlineData("@", false)]
    public void Knows_General(string? code, bool general)
    {
        Assert.Equal(general, ExcelNumberFormat.Parse(code).IsGeneral);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Non_finite_numbers_show_as_an_error(double value)
    {
        Assert.Equal("#NUM!", ExcelNumberFormat.Format(value, "0.00"));
        Assert.Equal("#NUM!", ExcelNumberFormat.FormatGeneral(value));
    }

    [Theory]
    [InlineData("[")]
    [InlineData("\"unterminated")]
    [InlineData("0\\")]
    [InlineData("_")]
    [InlineData("*")]
    [InlineData("0.0.0")]
    [InlineData("E+")]
    [InlineData("0E+")]
    [InlineData("/")]
    [InlineData("?/")]
    [InlineData("#/0")]
    [InlineData("[>abc]0")]
    [InlineData("[$]0")]
    [InlineData("0;1;2;3;4;5")]
    [InlineData("[h")]
    [InlineData("ss.")]
    public void Never_throws_on_odd_codes(string code)
    {
        foreach (var value in new[] { 0, 1.5, -2.25, 1e300, 45306.5 })
            Assert.NotNull(ExcelNumberFormat.Format(value, code));
        Assert.NotNull(ExcelNumberFormat.Parse(code).FormatText("t"));
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("0.0", 1)]
    [InlineData("0.00", 2)]
    [InlineData("#,##0.00", 2)]
    [InlineData("#,##0.000", 3)]
    public void Rounds_every_three_decimal_value_half_away_from_zero(string code, int decimals)
    {
        // Every value with at most 15 significant digits is exactly what Excel rounds; decimal does the same sum exactly.
        for (var i = -12_000; i <= 12_000; i++)
        {
            foreach (var scale in new[] { 1m, 1_000m, 1_234_567m })
            {
                var exact = i / 1000m * scale;
                var expected = Math.Round(exact, decimals, MidpointRounding.AwayFromZero).ToString(code, System.Globalization.CultureInfo.InvariantCulture);
                if (exact < 0 && Math.Round(exact, decimals, MidpointRounding.AwayFromZero) == 0) expected = "-" + expected;
                Assert.Equal(expected, ExcelNumberFormat.Format((double)exact, code));
            }
        }
    }

    [Fact]
    public void Parsed_formats_are_shared()
    {
        Assert.Same(ExcelNumberFormat.Parse("0.00"), ExcelNumberFormat.Parse("0.00"));
        Assert.Same(ExcelNumberFormat.General, ExcelNumberFormat.Parse(null));
        Assert.Equal("0.00", ExcelNumberFormat.Parse("0.00").Code);
    }
}

using Inkport.Core.Sheets;

namespace Inkport.Core.Tests.Sheets;

public class BuiltInFormatsTests
{
    [Theory]
    [InlineData(0, "General")]
    [InlineData(1, "0")]
    [InlineData(2, "0.00")]
    [InlineData(3, "#,##0")]
    [InlineData(4, "#,##0.00")]
    [InlineData(9, "0%")]
    [InlineData(10, "0.00%")]
    [InlineData(11, "0.00E+00")]
    [InlineData(12, "# ?/?")]
    [InlineData(13, "# ??/??")]
    [InlineData(14, "m/d/yyyy")]
    [InlineData(15, "d-mmm-yy")]
    [InlineData(16, "d-mmm")]
    [InlineData(17, "mmm-yy")]
    [InlineData(18, "h:mm AM/PM")]
    [InlineData(19, "h:mm:ss AM/PM")]
    [InlineData(20, "h:mm")]
    [InlineData(21, "h:mm:ss")]
    [InlineData(22, "m/d/yyyy h:mm")]
    [InlineData(37, "#,##0_);(#,##0)")]
    [InlineData(40, "#,##0.00_);[Red](#,##0.00)")]
    [InlineData(45, "mm:ss")]
    [InlineData(46, "[h]:mm:ss")]
    [InlineData(47, "mm:ss.0")]
    [InlineData(48, "##0.0E+0")]
    [InlineData(49, "@")]
    public void Maps_ids_to_codes(int id, string code)
    {
        Assert.Equal(code, BuiltInFormats.Get(id));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(23)]
    [InlineData(36)]
    [InlineData(50)]
    [InlineData(164)]
    public void Unknown_ids_have_no_code(int id)
    {
        Assert.Null(BuiltInFormats.Get(id));
    }

    [Theory]
    [InlineData(14, true)]
    [InlineData(15, true)]
    [InlineData(16, true)]
    [InlineData(17, true)]
    [InlineData(18, true)]
    [InlineData(19, true)]
    [InlineData(20, true)]
    [InlineData(21, true)]
    [InlineData(22, true)]
    [InlineData(45, true)]
    [InlineData(46, true)]
    [InlineData(47, true)]
    [InlineData(0, false)]
    [InlineData(2, false)]
    [InlineData(5, false)]
    [InlineData(11, false)]
    [InlineData(12, false)]
    [InlineData(44, false)]
    [InlineData(48, false)]
    [InlineData(49, false)]
    public void Date_ids_are_date_formats(int id, bool isDate)
    {
        Assert.Equal(isDate, ExcelNumberFormat.IsDateFormat(BuiltInFormats.Get(id)));
    }

    [Theory]
    [InlineData(3, 1234.5, "1,235")]
    [InlineData(5, -1234.5, "($1,235)")]
    [InlineData(7, 1234.5, "$1,234.50 ")]
    [InlineData(8, -5, "($5.00)")]
    [InlineData(14, 45306, "1/15/2024")]
    [InlineData(22, 45306.75, "1/15/2024 18:00")]
    [InlineData(18, 45306.75, "6:00 PM")]
    [InlineData(39, -1234.5, "(1,234.50)")]
    [InlineData(41, 1234.5, " 1,235 ")]
    [InlineData(43, -1234.5, " (1,234.50)")]
    [InlineData(46, 1.25, "30:00:00")]
    [InlineData(47, 0.0006, "00:51.8")]
    [InlineData(48, 12345, "12.3E+3")]
    public void Built_in_codes_render(int id, double value, string expected)
    {
        Assert.Equal(expected, ExcelNumberFormat.Format(value, BuiltInFormats.Get(id)));
    }
}

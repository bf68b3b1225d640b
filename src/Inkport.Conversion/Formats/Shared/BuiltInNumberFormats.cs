namespace Inkport.Conversion.Formats.Shared;

/// <summary>Number formats an xlsx/xls cell references by id without writing the code
/// (ECMA-376 Part 1 §18.8.30), as Excel en-US shows them. Shared by the spreadsheet readers
/// and by Core's value rendering.</summary>
public static class BuiltInNumberFormats
{
    // ECMA-376 lists 14 as "mm-dd-yy", 22 as "m/d/yy h:mm", 37–40 without "_)" and 47 as "mmss.0"; Excel
    // itself uses the values below (MS-OI29500 §2.1.712), which are what a user of the file has seen.
    // 5–8 and 41–44 are left to the locale by the standard; these are Excel's en-US codes.
    private static readonly Dictionary<int, string> Codes = new()
    {
        [0] = "General",
        [1] = "0",
        [2] = "0.00",
        [3] = "#,##0",
        [4] = "#,##0.00",
        [5] = "\"$\"#,##0_);\\(\"$\"#,##0\\)",
        [6] = "\"$\"#,##0_);[Red]\\(\"$\"#,##0\\)",
        [7] = "\"$\"#,##0.00_);\\(\"$\"#,##0.00\\)",
        [8] = "\"$\"#,##0.00_);[Red]\\(\"$\"#,##0.00\\)",
        [9] = "0%",
        [10] = "0.00%",
        [11] = "0.00E+00",
        [12] = "# ?/?",
        [13] = "# ??/??",
        [14] = "m/d/yyyy",
        [15] = "d-mmm-yy",
        [16] = "d-mmm",
        [17] = "mmm-yy",
        [18] = "h:mm AM/PM",
        [19] = "h:mm:ss AM/PM",
        [20] = "h:mm",
        [21] = "h:mm:ss",
        [22] = "m/d/yyyy h:mm",
        [37] = "#,##0_);(#,##0)",
        [38] = "#,##0_);[Red](#,##0)",
        [39] = "#,##0.00_);(#,##0.00)",
        [40] = "#,##0.00_);[Red](#,##0.00)",
        [41] = "_(* #,##0_);_(* \\(#,##0\\);_(* \"-\"_);_(@_)",
        [42] = "_(\"$\"* #,##0_);_(\"$\"* \\(#,##0\\);_(\"$\"* \"-\"_);_(@_)",
        [43] = "_(* #,##0.00_);_(* \\(#,##0.00\\);_(* \"-\"??_);_(@_)",
        [44] = "_(\"$\"* #,##0.00_);_(\"$\"* \\(#,##0.00\\);_(\"$\"* \"-\"??_);_(@_)",
        [45] = "mm:ss",
        [46] = "[h]:mm:ss",
        [47] = "mm:ss.0",
        [48] = "##0.0E+0",
        [49] = "@",
    };

    /// <summary>The code for a built-in id, or null for ids with no en-US meaning (23–36 and 50+ are
    /// reserved for East Asian locales): the caller treats those as General.</summary>
    public static string? Get(int id) => Codes.GetValueOrDefault(id);
}

using Inkport.Conversion.Formats.Shared;

namespace Inkport.Core.Sheets;

/// <summary>Number formats an xlsx/xls cell references by id without writing the code
/// (ECMA-376 Part 1 §18.8.30), as Excel en-US shows them. The table lives in Conversion,
/// whose readers need it too.</summary>
public static class BuiltInFormats
{
    /// <summary>The code for a built-in id, or null for ids with no en-US meaning (23–36 and 50+ are
    /// reserved for East Asian locales): the caller treats those as General.</summary>
    public static string? Get(int id) => BuiltInNumberFormats.Get(id);
}

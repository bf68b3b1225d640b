using Inkport.Conversion.Formats.Xlsx;
using Inkport.Conversion.Tests.Fixtures;

namespace Inkport.Conversion.Tests;

/// <summary>xlsx/xlsm fixtures (small files copied from the shared corpus, named as there, so the
/// suite runs without it): the recorded sink calls, the bitable inferred from the first sheet, and
/// each sheet's layout (frozen panes, merges, widths, heights).</summary>
public sealed class XlsxFixtureTests
{
    public static TheoryData<string> Files => FixtureFiles.Inputs("xlsx");

    [Theory]
    [MemberData(nameof(Files))]
    public void Fixture_matches_expected_json(string file)
    {
        using var stream = FixtureFiles.Open(file);
        var sink = new RecordingSink();
        var warnings = new XlsxConverter().Convert(stream, FixtureFiles.Options(file), sink);
        FixtureFiles.AssertExpected(file, new
        {
            model = SpreadsheetFixtures.Describe(sink, warnings),
            layouts = sink.Sheets.Select(s => new
            {
                sheet = s.Name,
                frozen = new { rows = s.Layout!.FrozenRowCount, columns = s.Layout.FrozenColumnCount },
                merges = s.Layout.Merges.Select(m => $"{ConversionException.ColumnName(m.StartColumn)}{m.StartRow + 1}:{ConversionException.ColumnName(m.EndColumn)}{m.EndRow + 1}"),
                columnWidths = s.Layout.ColumnWidths.OrderBy(w => w.Key).Select(w => $"{ConversionException.ColumnName(w.Key)}={w.Value}"),
                rowHeights = s.Layout.RowHeights.OrderBy(h => h.Key).Select(h => $"{h.Key + 1}={h.Value}"),
            }),
        });
    }
}

using Inkport.Conversion.Tests.Fixtures;
using System.Text.Json;
using Inkport.Conversion.Formats.Csv;
using Inkport.Conversion.Model;
using Xunit.Abstractions;

namespace Inkport.Conversion.Tests;

/// <summary>The real-world CSV files of the shared corpus (skipped, with a message, when absent).</summary>
public sealed class CsvCorpusTests(ITestOutputHelper output)
{
    private static readonly string? Corpus = FixtureFiles.SharedCorpus("");

    private static RecordingSink.Sheet Convert(string relative, out IReadOnlyList<string> warnings)
    {
        var path = Path.Combine(Corpus!, "csv", relative);
        using var stream = File.OpenRead(path);
        var sink = new RecordingSink();
        warnings = new CsvConverter().Convert(stream, new ConversionOptions { FileName = Path.GetFileName(path) }, sink);
        return Assert.Single(sink.Sheets);
    }

    private bool Absent()
    {
        if (Corpus is not null) return false;
        output.WriteLine("SKIPPED: shared/corpus not found beside the repository or its parents");
        return true;
    }

    public static TheoryData<string> Spectrum()
    {
        var data = new TheoryData<string>();
        if (Corpus is null) data.Add("(corpus absent)");
        else
            foreach (var f in Directory.GetFiles(Path.Combine(Corpus, "csv", "csv-spectrum-expected"), "*.json").Order(StringComparer.Ordinal))
                data.Add(Path.GetFileNameWithoutExtension(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Spectrum))]
    public void Csv_spectrum_rows_match_expected(string name)
    {
        if (Absent()) return;
        var sheet = Convert(name + ".csv", out var warnings);
        Assert.Empty(warnings);
        var expected = JsonSerializer.Deserialize<List<Dictionary<string, string>>>(
            File.ReadAllText(Path.Combine(Corpus!, "csv", "csv-spectrum-expected", name + ".json")))!;
        var grid = sheet.Grid();
        var header = grid[0];
        var actual = grid.Skip(1).Select(row => header.Select((h, i) => (h, v: row[i])).ToDictionary(p => p.h, p => p.v)).ToList();
        Assert.Equal(expected.Count, actual.Count);
        // The corpus copy of newlines_crlf has LF line ends (a checkout normalised them) while its
        // expectation says CRLF; line breaks inside quotes are compared regardless of style.
        static Dictionary<string, string> Lf(Dictionary<string, string> row) => row.ToDictionary(p => p.Key, p => p.Value.ReplaceLineEndings("\n"));
        for (var i = 0; i < expected.Count; i++) Assert.Equal(Lf(expected[i]), Lf(actual[i]));
    }

    public static TheoryData<string> AllFiles()
    {
        var data = new TheoryData<string>();
        if (Corpus is null) data.Add("(corpus absent)");
        else
            foreach (var f in Directory.GetFiles(Path.Combine(Corpus, "csv"), "*.csv", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                data.Add(Path.GetRelativePath(Path.Combine(Corpus, "csv"), f));
        return data;
    }

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void Every_corpus_csv_converts(string relative)
    {
        if (Absent()) return;
        var sheet = Convert(relative, out var warnings);
        Assert.NotNull(sheet.Layout);
        Assert.Empty(warnings);
        var bitable = SpreadsheetFixtures.DescribeBitable(sheet);
        output.WriteLine($"{relative}: {sheet.Layout!.RowCount} x {sheet.Layout.ColumnCount}");
        Assert.NotNull(bitable);
    }

    [Fact]
    public void Sep_line_is_consumed_and_sets_the_delimiter()
    {
        if (Absent()) return;
        var grid = Convert("phpspreadsheet__sep.csv", out _).Grid();
        Assert.Equal([["A", "1"], ["2", "3"]], grid);
    }

    [Fact]
    public void Semicolon_file_reads_decimal_commas()
    {
        if (Absent()) return;
        var sheet = Convert("phpspreadsheet__semicolon_separated.csv", out _);
        Assert.Equal(["This", "Are", "Headers"], sheet.Grid()[0]);
        Assert.Equal(25.5, sheet.At(1, 2)!.Value.Number);
        Assert.Equal("B|3", sheet.At(2, 1)!.Value.Text);
        var russian = Convert("sheetjs__number_format_russian.0.csv", out _);
        Assert.Equal(12345.6789, russian.At(1, 1)!.Value.Number);
        Assert.Equal("12 346", russian.At(4, 1)!.Value.Text);
        // Comma-delimited: decimal commas are not numbers there (as Excel in an invariant locale).
        var de = Convert("phpspreadsheet__NumberFormatTest.de.csv", out _);
        Assert.Equal(-123, de.At(0, 0)!.Value.Number);
        Assert.Equal(1.234, de.At(0, 1)!.Value.Number);
        Assert.Equal("12.345,67", de.At(0, 2)!.Value.Text);
    }

    [Fact]
    public void Cr_only_line_ends()
    {
        if (Absent()) return;
        Assert.Equal([["A", "1"], ["2", "3"]], Convert("phpspreadsheet__linend.mac.csv", out _).Grid());
    }

    [Fact]
    public void Utf16le_with_bom()
    {
        if (Absent()) return;
        var sheet = Convert("exceldatareader__utf16le_bom.csv", out _);
        Assert.Equal(["a", "b", "c"], sheet.Grid()[0]);
        Assert.Equal("ʤ", sheet.At(2, 2)!.Value.Text);
        Assert.Equal("première", Convert("phpspreadsheet__premiere.utf16lebom.csv", out _).At(0, 0)!.Value.Text);
    }

    [Fact]
    public void Gbk_file_decodes_to_the_same_text_as_its_utf8_original()
    {
        if (Absent()) return;
        var gbk = Convert("derived/easyexcel__converterCsv.gbk.csv", out _).Grid();
        var utf8 = Convert("easyexcel__converterCsv.csv", out _).Grid();
        Assert.Equal(utf8, gbk);
        Assert.StartsWith("大数的布尔", gbk[0][0]);
    }

    [Fact]
    public void Rtl_arabic_text_and_grouped_numbers()
    {
        if (Absent()) return;
        var sheet = Convert("w3c-csvw__EG.csv", out _);
        Assert.Equal("المحافظة", sheet.At(0, 0)!.Value.Text);
        Assert.Equal(2639808, sheet.At(1, 3)!.Value.Number);
        Assert.Equal(60, sheet.At(1, 1)!.Value.Number);
    }

    [Fact]
    public void Quoted_line_breaks_keep_their_crlf()
    {
        if (Absent()) return;
        var sheet = Convert("phpspreadsheet__line_break_in_enclosure.csv", out _);
        Assert.Equal("This is a test\r\nwith line breaks\r\nthat breaks the\r\ndelimiters", sheet.At(1, 1)!.Value.Text);
        Assert.Equal("http://google.com", sheet.At(1, 2)!.Value.Text);
    }

    [Fact]
    public void Leading_zero_ids_stay_text_in_a_large_file()
    {
        if (Absent()) return;
        var sheet = Convert("sheetjs__libreoffice_calc_xlsx-import_perf_300000_line_sample.xlsx.0.csv", out _);
        Assert.Equal(300_000, sheet.Layout!.RowCount);
        Assert.Equal(new Cell(0, CellType.String, "000001", 0), sheet.At(0, 0));
    }
}

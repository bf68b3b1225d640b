using Inkport.Conversion.Formats.Xlsx;
using Inkport.Conversion.Tests.Fixtures;

namespace Inkport.Conversion.Tests;

/// <summary>Every xlsx and xlsm of the shared corpus imports, or fails with the documented status;
/// each conversion runs under a time limit so a hang fails the test instead of the run.</summary>
public sealed class XlsxCorpusTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>The trap files and what they must end with; every other file converts.</summary>
    private static readonly Dictionary<string, int> Failures = new()
    {
        // OOXML encrypted into an OLE compound file (MS-OFFCRYPTO).
        ["exceldatareader__agile_AES256_SHA512_CBC_pwd_password.xlsx"] = JobStatusCodes.Encrypted,
        ["poi__protect.xlsx"] = JobStatusCodes.Encrypted,
        // A zip holding one text file; a 22-byte empty zip; a package whose _rels/.rels is not XML.
        ["exceldatareader__EmptyZipFile.xlsx"] = JobStatusCodes.Corrupt,
        ["poi__invalid.xlsx"] = JobStatusCodes.Corrupt,
        ["poi__xlsx-corrupted.xlsx"] = JobStatusCodes.Corrupt,
        // A workbook whose <sheets> is empty.
        ["excelize__BadWorkbook.xlsx"] = JobStatusCodes.Corrupt,
        // Entity-expansion bomb in sharedStrings.xml: the DTD is refused before anything expands.
        ["poi__poc-xmlbomb.xlsx"] = JobStatusCodes.Corrupt,
    };

    /// <summary>Files that convert to sheets without a single cell (merges or drawings only).</summary>
    private static readonly HashSet<string> Empty = ["poi__57893-many-merges.xlsx", "sheetjs__BlankSheetTypes.xlsm"];

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "xlsx", "xlsm" })
            if (FixtureFiles.SharedCorpus(folder) is { } path)
                foreach (var file in Directory.EnumerateFiles(path).Order(StringComparer.Ordinal)) data.Add($"{folder}/{Path.GetFileName(file)}");
        return data;
    }

    [CorpusTheory("xlsx")]
    [MemberData(nameof(Files))]
    public void Corpus_file_converts_or_fails_as_documented(string file)
    {
        var name = Path.GetFileName(file);
        var folder = Path.GetDirectoryName(file)!;
        using var cancel = new CancellationTokenSource(Limit);
        var sink = new RecordingSink();
        var run = Task.Run(() =>
        {
            using var stream = File.OpenRead(Path.Combine(FixtureFiles.SharedCorpus(folder)!, name));
            return new XlsxConverter().Convert(stream, new ConversionOptions { FileName = name, Cancellation = cancel.Token }, sink);
        });
        var finished = Task.WhenAny(run, Task.Delay(Limit + TimeSpan.FromSeconds(5))).GetAwaiter().GetResult() == run;
        Assert.True(finished, $"{file} did not finish within {Limit}");

        if (Failures.TryGetValue(name, out var status))
        {
            var failure = Assert.IsType<ConversionException>(run.Exception?.InnerException);
            Assert.Equal(status, failure.JobStatus);
            return;
        }
        Assert.Null(run.Exception);
        Assert.NotEmpty(sink.Sheets);
        Assert.All(sink.Sheets, s => Assert.NotNull(s.Layout));
        var cells = sink.Sheets.Sum(s => s.Rows.Sum(r => r.Cells.Length));
        if (Empty.Contains(name)) Assert.Equal(0, cells);
        else Assert.True(cells > 0, $"{file} gave no cells");
    }

    [CorpusFact("xlsx")]
    public void Trap_packages_are_followed_through_their_relationships()
    {
        var wtf = Read("sheetjs__wtf_path.xlsx");
        Assert.Equal([("SheetJS", false), ("Hidden", true)], wtf.Sheets.Select(s => (s.Name, s.Hidden)));
        Assert.NotEmpty(Read("phpspreadsheet__Zip-Windows-Directory-Separator.xlsx").Sheets[0].Rows);
        var prefixed = Read("phpspreadsheet__namespacenonstd.xlsx");
        Assert.Equal("B1+C1", prefixed.Sheets[0].At(0, 7)!.Value.Formula);
        Assert.Equal("http://www.example.com/", prefixed.Sheets[1].At(1, 1)!.Value.Link);
        Assert.Equal("Test spreadsheet", Read("poi__SampleSS.strict.xlsx").Sheets[0].At(0, 0)!.Value.Text);
        // 1904 system: serial 1 is 1904-01-02, i.e. 1900 serial 1463.
        Assert.Equal(1463, Read("sheetjs__1904_1904.xlsx").Sheets[0].At(0, 1)!.Value.Number);
        Assert.Equal([("Visible", false), ("Hidden", true), ("VeryHidden", true)], Read("sheetjs__sheet_visibility.xlsx").Sheets.Select(s => (s.Name, s.Hidden)));
    }

    private static RecordingSink Read(string name)
    {
        using var stream = File.OpenRead(Path.Combine(FixtureFiles.SharedCorpus("xlsx")!, name));
        var sink = new RecordingSink();
        new XlsxConverter().Convert(stream, new ConversionOptions { FileName = name }, sink);
        return sink;
    }
}

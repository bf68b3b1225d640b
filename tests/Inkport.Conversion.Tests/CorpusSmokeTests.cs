using Inkport.Conversion.Formats.Markdown;
using Inkport.Conversion.Formats.Text;
using Inkport.Conversion.Tests.Fixtures;

namespace Inkport.Conversion.Tests;

/// <summary>Every real Markdown and text file of the shared corpus converts without an exception.</summary>
public sealed class CorpusSmokeTests
{
    [CorpusFact("md")]
    public void Every_markdown_corpus_file_converts() => ConvertAll("md", new MarkdownConverter());

    [CorpusFact("txt")]
    public void Every_text_corpus_file_converts() => ConvertAll("txt", new TextConverter());

    private static void ConvertAll(string folder, IDocxConverter converter)
    {
        var files = Directory.GetFiles(FixtureFiles.SharedCorpus(folder)!, "*.*", SearchOption.TopDirectoryOnly);
        Assert.NotEmpty(files);
        var failures = new List<string>();
        foreach (var file in files)
        {
            try
            {
                using var stream = File.OpenRead(file);
                var result = converter.Convert(stream, new ConversionOptions { FileName = Path.GetFileName(file) });
                if (new FileInfo(file).Length > 0 && result.Document.Blocks.Count == 0) failures.Add($"{Path.GetFileName(file)}: no blocks");
            }
            catch (Exception e)
            {
                failures.Add($"{Path.GetFileName(file)}: {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}

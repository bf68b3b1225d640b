using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Inkport.Conversion;

namespace Inkport.Conversion.Tests.Fixtures;

/// <summary>Fixture files are the specification: <c>Fixtures/&lt;format&gt;/&lt;name&gt;.&lt;ext&gt;</c>
/// beside <c>&lt;name&gt;.expected.json</c>, the converter's result as indented camelCase JSON with
/// enums as strings. An optional <c>&lt;name&gt;.options.json</c> overrides <see cref="ConversionLimits"/>.
/// With <c>INKPORT_UPDATE_FIXTURES=1</c> the expected files are rewritten in the source tree.
/// <para>Usage: <c>[Theory, MemberData(nameof(Cases))] ... public static TheoryData&lt;string&gt; Cases =>
/// FixtureFiles.Inputs("md");</c> then <c>FixtureFiles.AssertExpected(input, result)</c>.</para></summary>
public static class FixtureFiles
{
    public const string UpdateVariable = "INKPORT_UPDATE_FIXTURES";
    private const string ExpectedSuffix = ".expected.json";
    private const string OptionsSuffix = ".options.json";

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // CJK and punctuation stay readable in the expected files.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The fixtures folder copied beside the test assembly.</summary>
    public static string OutputRoot => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>Input files of one format folder, as paths relative to the fixtures root
    /// ("md/headings.md"), sorted; expected and options files are not inputs.</summary>
    public static TheoryData<string> Inputs(string format)
    {
        var data = new TheoryData<string>();
        var folder = Path.Combine(OutputRoot, format);
        if (!Directory.Exists(folder)) return data;
        foreach (var path in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (name.EndsWith(ExpectedSuffix, StringComparison.Ordinal) || name.EndsWith(OptionsSuffix, StringComparison.Ordinal)) continue;
            data.Add($"{format}/{name}");
        }
        return data;
    }

    public static Stream Open(string input) => File.OpenRead(Path.Combine(OutputRoot, input));

    /// <summary>Options for a fixture: its file name, and the limits of <c>&lt;name&gt;.options.json</c> if present.</summary>
    public static ConversionOptions Options(string input)
    {
        var options = new ConversionOptions { FileName = Path.GetFileName(input) };
        var path = Path.Combine(OutputRoot, StripExtension(input) + OptionsSuffix);
        if (!File.Exists(path)) return options;
        var limits = JsonSerializer.Deserialize<ConversionLimits>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"{path} holds no limits");
        return options with { Limits = limits };
    }

    /// <summary>Compares <paramref name="actual"/>, serialised, with the expected file of
    /// <paramref name="input"/>; rewrites it instead when <see cref="UpdateVariable"/> is 1.</summary>
    public static void AssertExpected<T>(string input, T actual)
    {
        var relative = StripExtension(input) + ExpectedSuffix;
        var actualJson = JsonSerializer.Serialize(actual, Json).ReplaceLineEndings("\n") + "\n";
        var outputPath = Path.Combine(OutputRoot, relative);

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            var sourcePath = Path.Combine(SourceRoot(), relative);
            if (!File.Exists(sourcePath) || File.ReadAllText(sourcePath) != actualJson)
            {
                File.WriteAllText(sourcePath, actualJson);
                File.WriteAllText(outputPath, actualJson);
            }
            return;
        }

        Assert.True(File.Exists(outputPath), $"{relative} is missing: run the tests with {UpdateVariable}=1 to create it, then review it.");
        var expectedJson = File.ReadAllText(outputPath).ReplaceLineEndings("\n");
        Assert.Equal(expectedJson, actualJson);
    }

    /// <summary>The repository root: the nearest folder above the test assembly holding Inkport.slnx.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Inkport.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no Inkport.slnx above {AppContext.BaseDirectory}");
    }

    /// <summary>The shared test corpus folder (<c>shared/corpus/&lt;sub&gt;</c>), looked for as a
    /// sibling of the repository root and of each folder above it (worktrees live deeper); null if absent.</summary>
    public static string? SharedCorpus(string sub)
    {
        for (var dir = new DirectoryInfo(RepositoryRoot()).Parent; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus", sub);
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static string SourceRoot() => Path.Combine(RepositoryRoot(), "tests", "Inkport.Conversion.Tests", "Fixtures");

    private static string StripExtension(string input)
    {
        var dot = input.LastIndexOf('.');
        return dot > input.LastIndexOf('/') ? input[..dot] : input;
    }
}

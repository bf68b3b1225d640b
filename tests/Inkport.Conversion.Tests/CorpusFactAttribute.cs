using Inkport.Conversion.Tests.Fixtures;

namespace Inkport.Conversion.Tests;

/// <summary>A fact that needs <c>shared/corpus/&lt;folder&gt;</c>; skipped, saying so, when it is absent.</summary>
public sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute(string folder)
    {
        if (FixtureFiles.SharedCorpus(folder) is null)
            Skip = $"shared/corpus/{folder} not found beside the repository (or any folder above it)";
    }
}

/// <summary>A theory that needs <c>shared/corpus/&lt;folder&gt;</c>; skipped, saying so, when it is absent.</summary>
public sealed class CorpusTheoryAttribute : TheoryAttribute
{
    public CorpusTheoryAttribute(string folder)
    {
        if (FixtureFiles.SharedCorpus(folder) is null)
            Skip = $"shared/corpus/{folder} not found beside the repository (or any folder above it)";
    }
}

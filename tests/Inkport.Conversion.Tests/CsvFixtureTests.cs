using Inkport.Conversion.Tests.Fixtures;
using Inkport.Conversion.Formats.Csv;

namespace Inkport.Conversion.Tests;

public sealed class CsvFixtureTests
{
    public static TheoryData<string> Files => FixtureFiles.Inputs("csv");

    [Theory]
    [MemberData(nameof(Files))]
    public void Fixture_matches_expected_json(string file) => SpreadsheetFixtures.Verify(file, new CsvConverter());
}

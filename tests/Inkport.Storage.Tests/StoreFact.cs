using Inkport.Tests.Shared;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Inkport.Storage.Tests;

/// <summary>A fact of the store contract. It runs for every backend, but is skipped (outside CI) for a backend
/// whose test class is marked <see cref="RequiresTestPostgresAttribute"/> when no PostgreSQL is configured — the
/// facts are inherited, so the skip has to be decided per test class, not per attribute.</summary>
[XunitTestCaseDiscoverer("Inkport.Storage.Tests.StoreFactDiscoverer", "Inkport.Storage.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresTestPostgresAttribute : Attribute;

public sealed class StoreFactDiscoverer(IMessageSink diagnostics) : FactDiscoverer(diagnostics)
{
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        new StoreTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
}

public sealed class StoreTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public StoreTestCase() { }

    public StoreTestCase(IMessageSink diagnostics, TestMethodDisplay display, TestMethodDisplayOptions displayOptions, ITestMethod testMethod)
        : base(diagnostics, display, displayOptions, testMethod) { }

    protected override string GetSkipReason(IAttributeInfo factAttribute) =>
        TestMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresTestPostgresAttribute)).Any() && TestPostgres.SkipReason is { } reason
            ? reason
            : base.GetSkipReason(factAttribute);
}

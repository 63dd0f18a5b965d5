namespace ChatHub.Inference.Tests.TestSupport;

/// <summary>GGUF files committed under <c>Fixtures/models</c> (see its README), copied beside the test assembly.</summary>
internal static class FixtureModels
{
    public static string Path(string fileName)
    {
        var path = System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "models", fileName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The fixture model '{fileName}' is not beside the tests ({path}).", path);
    }
}

namespace ChatHub.Inference.Tests.TestSupport;

/// <summary>Finds the shared test models: a <c>shared/models</c> folder beside the repository or any folder above the tests.</summary>
internal static class SharedModels
{
    public static string Find(string fileName)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "models", fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"'{fileName}' was not found in a shared/models folder above {AppContext.BaseDirectory} (CI has it at ../shared/models beside the repository).",
            fileName);
    }
}

using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace Tellal.Platform.Options;

/// <summary>Data-annotation validation that also walks nested option records, which the built-in validator skips.</summary>
public static class RecursiveValidator
{
    public static IReadOnlyList<string> Validate(object options, string path = "")
    {
        var errors = new List<string>();
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        errors.AddRange(results.Select(r => $"{path}{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));

        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && IsNestedOptions(property.PropertyType)
                && property.GetValue(options) is { } nested)
            {
                errors.AddRange(Validate(nested, $"{path}{property.Name}:"));
            }
        }

        return errors;
    }

    internal static bool IsNestedOptions(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type);
}

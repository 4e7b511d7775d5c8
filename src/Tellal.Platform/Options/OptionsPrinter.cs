using System.Collections;
using System.ComponentModel;
using System.Reflection;
using System.Text;

namespace Tellal.Platform.Options;

/// <summary>Renders options as <c>Section:Property = value  # description</c> lines, masking secrets.</summary>
public static class OptionsPrinter
{
    public const string Mask = "********";

    public static string Print(string section, object options)
    {
        var text = new StringBuilder();
        Write(text, section, options);
        return text.ToString();
    }

    private static void Write(StringBuilder text, string path, object options)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var value = property.GetValue(options);
            var key = $"{path}:{property.Name}";
            if (value is not null && RecursiveValidator.IsNestedOptions(property.PropertyType))
            {
                Write(text, key, value);
                continue;
            }

            var shown = property.GetCustomAttribute<SecretAttribute>() is not null
                ? (value is null or "" ? "(not set)" : Mask)
                : Format(value);
            var description = property.GetCustomAttribute<DescriptionAttribute>()?.Description;
            text.Append(key).Append(" = ").Append(shown);
            if (description is not null)
            {
                text.Append("  # ").Append(description);
            }

            text.AppendLine();
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "(not set)",
        string s => s,
        IDictionary dictionary => "{" + string.Join(", ", dictionary.Keys.Cast<object>().Select(k => $"{k}: {Format(dictionary[k])}")) + "}",
        IEnumerable items => "[" + string.Join(", ", items.Cast<object>().Select(Format)) + "]",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}

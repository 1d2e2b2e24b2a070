package appreg.cli.render;

/**
 * Colour for text output, or none. Renderers ask for meaning (green for added or fine, yellow for changed or worth a
 * look, red for removed or serious) and get plain text when colour is off; {@code OutputOptions.style} decides.
 */
public record Style(boolean colour) {
  public static final Style PLAIN = new Style(false);

  private static final String RESET = "\u001b[0m";

  public String green(String text) {
    return sgr("32", text);
  }

  public String yellow(String text) {
    return sgr("33", text);
  }

  public String red(String text) {
    return sgr("31", text);
  }

  public String bold(String text) {
    return sgr("1", text);
  }

  private String sgr(String code, String text) {
    return colour && !text.isEmpty() ? "\u001b[" + code + "m" + text + RESET : text;
  }
}

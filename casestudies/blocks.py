"""StreamField blocks for the body of knowledge pages."""

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Heading 2"), ("h3", "Heading 3"), ("h4", "Heading 4")], default="h2"
    )

    class Meta:
        icon = "title"
        template = "casestudies/blocks/heading.html"


class AccessibleImageBlock(blocks.StructBlock):
    """An image that either has alternative text or is explicitly marked decorative."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False,
        max_length=250,
        help_text="Describe the image for people who cannot see it.",
    )
    decorative = blocks.BooleanBlock(
        required=False, help_text="Tick only if the image adds no information."
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    def clean(self, value):
        value = super().clean(value)
        if not value.get("decorative") and not (value.get("alt_text") or "").strip():
            raise blocks.StructBlockValidationError(
                block_errors={
                    "alt_text": ValidationError(
                        "Give alternative text, or mark the image as decorative."
                    )
                }
            )
        return value

    class Meta:
        icon = "image"
        template = "casestudies/blocks/image.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    title = blocks.CharBlock(required=False, help_text="Defaults to the document's title.")

    class Meta:
        icon = "doc-full"
        template = "casestudies/blocks/document.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "casestudies/blocks/quote.html"


class FigureBlock(blocks.StructBlock):
    """A key outcome figure, such as "42%" with a label."""

    value = blocks.CharBlock(max_length=30, help_text="For example 42% or £1.2m")
    label = blocks.CharBlock(max_length=150, help_text="What the figure measures")

    class Meta:
        icon = "pick"
        template = "casestudies/blocks/figure.html"


class FiguresBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(FigureBlock(), **kwargs)

    class Meta:
        icon = "pick"
        template = "casestudies/blocks/figures.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        template="casestudies/blocks/paragraph.html",
    )
    heading = HeadingBlock()
    image = AccessibleImageBlock()
    document = DocumentBlock()
    quote = QuoteBlock()
    figures = FiguresBlock()
    embed = EmbedBlock(
        help_text="A video or slide deck address", template="casestudies/blocks/embed.html"
    )
    table = TypedTableBlock(
        [
            ("text", blocks.CharBlock()),
            ("number", blocks.DecimalBlock()),
            ("rich_text", blocks.RichTextBlock(features=["bold", "italic", "link"])),
        ],
        template="casestudies/blocks/table.html",
    )

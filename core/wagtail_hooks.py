from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("core/css/admin.css"))


@hooks.register("insert_global_admin_js")
def rich_text_labels_js():
    return format_html(
        '<script src="{}" defer></script>', static("core/js/admin-rich-text-labels.js")
    )

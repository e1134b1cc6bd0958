"""The office's view of notification e-mails in /admin/: what was sent, what failed and
why, and an action to send the failed ones again."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .deliveries import deliveries_retry
from .models import EmailDelivery


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "notification_title",
        "status",
        "attempts",
        "short_error",
        "created_at",
        "sent_at",
    ]
    list_filter = ["status", "created_at"]
    search_fields = ["email", "notification__title"]
    date_hierarchy = "created_at"
    list_select_related = ["notification"]
    readonly_fields = [
        "notification",
        "email",
        "status",
        "attempts",
        "last_error",
        "sent_at",
        "created_at",
        "updated_at",
    ]
    actions = ["retry"]

    @admin.display(description=_("通知标题"), ordering="notification__title")
    def notification_title(self, delivery: EmailDelivery) -> str:
        return delivery.notification.title

    @admin.display(description=_("最近一次错误"))
    def short_error(self, delivery: EmailDelivery) -> str:
        return delivery.last_error[:80]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # The rows are the record of what happened: viewed, retried by the action, not edited.
        return False

    @admin.action(description=_("重新发送所选的未发送邮件"), permissions=["view"])
    def retry(self, request: HttpRequest, queryset: QuerySet[EmailDelivery]) -> None:
        count = deliveries_retry(queryset)
        if count:
            self.message_user(
                request,
                ngettext(
                    "已将 %(count)d 封邮件重新加入发送队列。",
                    "已将 %(count)d 封邮件重新加入发送队列。",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request, _("所选邮件均已发送，没有需要重新发送的。"), messages.WARNING
            )
